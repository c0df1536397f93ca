/**
 * The admin screen in a real browser (Debian's Chromium driven by playwright-core) against the
 * real API: an admin creates a manager in team North, allows a new client status move and
 * rotates the web form's secret, which is shown once and works at once.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Browser, Page } from 'playwright-core';
import { DemoPeople, eventually, Flowcard } from '#scripts/lib/in-process';
import { signedHookHeaders } from '#server/integrations/hook-signature';
import { artifacts, startBrowserApp, stopBrowserApp } from './browser';

jest.setTimeout(120_000);

let flowcard: Flowcard;
let people: DemoPeople;
let browser: Browser;
let admin: Page;

beforeAll(async () => {
  ({ flowcard, browser } = await startBrowserApp());
  people = await flowcard.demoPeople();
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  admin = await context.newPage();
  await admin.goto(flowcard.baseUrl);
  await admin.fill('[data-testid="login-form"] input[name="email"]', 'admin@demo.local');
  await admin.click('[data-testid="login-form"] button[type="submit"]');
  await admin.waitForSelector('[data-testid="signed-in-user"]');
  await admin.getByRole('link', { name: 'Admin' }).click();
  await admin.waitForSelector('[data-testid="admin-integrations"] tr');
});

afterAll(async () => {
  await admin?.context().close();
  await stopBrowserApp({ browser, flowcard });
});

const shot = (name: string) => admin.screenshot({ path: join(artifacts, name), fullPage: true });

describe('an admin', () => {
  it('creates a user with the manager role in team North', async () => {
    const suffix = randomUUID().slice(0, 8);
    const email = `lena-${suffix}@example.com`;
    const form = admin.getByRole('form', { name: 'New user' });
    await form.getByLabel('Name').fill(`Lena ${suffix}`);
    await form.getByLabel('Email').fill(email);
    await form.getByLabel('Password').fill('correct horse battery');
    await form.getByLabel('manager').check();
    await form.getByLabel('Team').selectOption({ label: 'North' });
    await form.getByRole('button', { name: 'Create user' }).click();
    await admin.getByText(`Created Lena ${suffix}.`).waitFor();
    const row = admin.locator('[data-testid="admin-users"] tr', { hasText: email });
    await row.waitFor();
    await shot('admin-user-created.png');

    const listed = await people.as('admin', 'GET', `/api/users?q=${suffix}`);
    const [created] = listed.body.items;
    const teams = await people.as('admin', 'GET', '/api/teams');
    const north = teams.body.items.find((team: { name: string }) => team.name === 'North');
    expect(created).toMatchObject({ email, roles: ['manager'], teamId: north.id });
    expect(await row.getByLabel(`Team of Lena ${suffix}`).inputValue()).toBe(north.id);
    const login = await flowcard.api(null, 'POST', '/api/auth/login', {
      email,
      password: 'correct horse battery',
    });
    expect(login.status).toBe(200);
  });

  it('adds a client status and allows a move from it', async () => {
    const key = `hold-${randomUUID().slice(0, 6)}`;
    const newStatus = admin.getByRole('form', { name: 'New status' });
    await newStatus.getByLabel('New status key').fill(key);
    await newStatus.getByLabel('New status name').fill(`On hold ${key}`);
    await newStatus.getByRole('button', { name: 'Add status' }).click();
    await admin.locator(`[data-testid="admin-statuses"] tr[data-key="${key}"]`).waitFor();

    const move = admin.getByRole('form', { name: 'Allow a status move' });
    await move.getByLabel('From status').selectOption(key);
    await move.getByLabel('To status').selectOption('lead');
    await move.getByRole('button', { name: 'Allow move' }).click();
    const row = admin.locator(`[data-testid="admin-statuses"] tr[data-key="${key}"]`);
    await row.getByRole('button', { name: `Disallow On hold ${key} to Lead` }).waitFor();
    await shot('admin-status-move.png');

    const statuses = await people.as('manager', 'GET', '/api/client-statuses');
    expect(statuses.body.transitions).toContainEqual({ fromStatus: key, toStatus: 'lead' });
  });

  it('rotates the web form secret, sees it once, and the hook takes it at once', async () => {
    const enabled = admin.getByLabel('Web form (lead hook) enabled');
    if (!(await enabled.isChecked())) {
      await enabled.check();
      await eventually(async () =>
        (await people.as('admin', 'GET', '/api/integrations')).body.items.some(
          (item: { key: string; enabled: boolean }) => item.key === 'lead' && item.enabled,
        ),
      );
    }
    await admin.getByRole('button', { name: 'Rotate the secret of Web form (lead hook)' }).click();
    const secret = (await admin.getByTestId('secret-value').textContent()) ?? '';
    expect(secret).toMatch(/^[0-9a-f]{64}$/);
    await shot('admin-secret-rotated.png');

    const body = JSON.stringify({ name: `Web lead ${randomUUID().slice(0, 8)}` });
    const response = await fetch(`${flowcard.baseUrl}/api/hooks/lead`, {
      method: 'POST',
      headers: signedHookHeaders(secret, body),
      body,
    });
    expect(response.status).toBe(200);

    await admin.getByRole('button', { name: 'Done' }).click();
    expect(await admin.getByTestId('secret-value').count()).toBe(0);
    await admin.reload();
    await admin.waitForSelector('[data-testid="admin-integrations"] tr');
    expect(await admin.getByTestId('secret-value').count()).toBe(0);
    expect(await admin.content()).not.toContain(secret);
    const listed = await people.as('admin', 'GET', '/api/integrations');
    expect(JSON.stringify(listed.body)).not.toContain(secret);
  });
});
