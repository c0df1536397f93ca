/**
 * The app's shell in a real browser against the real API and worker: the header's search and
 * task notifications, the calendar, saved views of the client list, and the task list and client
 * card on a phone-sized screen.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, Page } from 'playwright-core';
import { DemoPeople, eventually, Flowcard } from '#scripts/lib/in-process';
import { artifacts, signIn as signInAs, startBrowserApp, stopBrowserApp } from './browser';

jest.setTimeout(120_000);

const TEAM_TASKS_FIXTURE = join(
  __dirname,
  '../../workflows/bpmn/fixtures/element-user-task-team.bpmn',
);

/** How long a pushed notification may take to show. */
const LIVE_LIMIT_MS = 5_000;

let flowcard: Flowcard;
let people: DemoPeople;
let browser: Browser;
let manager: Page;

beforeAll(async () => {
  ({ flowcard, browser } = await startBrowserApp());
  people = await flowcard.demoPeople();
  manager = await signIn('manager@demo.local');
});

afterAll(async () => {
  await manager?.context().close();
  await stopBrowserApp({ browser, flowcard });
});

/** A fresh browser context signed in as a demo user, in UTC, through the sign-in form. */
function signIn(email: string, viewport = { width: 1280, height: 800 }): Promise<Page> {
  return signInAs({ browser, flowcard }, email, { viewport, timezoneId: 'UTC' });
}

async function newClient(body: Record<string, unknown>): Promise<{ id: string; name: string }> {
  const created = await people.as('manager', 'POST', '/api/clients', body);
  expect(created.status).toBe(201);
  return created.body;
}

/** A new client's application process, up to its first (group) task. */
async function openTask(clientName: string): Promise<{ taskId: string; clientId: string }> {
  const client = await newClient({ kind: 'person', name: clientName });
  const started = await people.as('manager', 'POST', '/api/process-instances', {
    definitionKey: 'application-handling',
    clientId: client.id,
  });
  expect(started.status).toBe(201);
  const task = await eventually(async () => {
    const listed = await people.as('manager', 'GET', `/api/tasks?instanceId=${started.body.id}`);
    return listed.body.items?.[0];
  });
  return { taskId: task.id, clientId: client.id };
}

/** Whether the page is wider than its window (a horizontal scroll bar). */
const overflows = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);

/** Form controls with no accessible name: no label, aria-label or aria-labelledby. */
const unlabelled = (page: Page) =>
  page.$$eval('main input, main select, main textarea, main button', (controls) =>
    controls
      .filter((control) => {
        const element = control as HTMLInputElement;
        if (element.type === 'hidden') return false;
        return !(
          element.getAttribute('aria-label') ||
          element.getAttribute('aria-labelledby') ||
          element.labels?.length ||
          (element.tagName === 'BUTTON' && element.textContent?.trim())
        );
      })
      .map((control) => control.outerHTML.slice(0, 120)),
  );

describe('the header', () => {
  it('finds a client with the keyboard and opens its card', async () => {
    const client = await newClient({
      kind: 'company',
      name: 'Quenby Marwick Holdings',
      emails: ['desk@quenby.example'],
    });
    await manager.click('nav a:text("Deals")');
    await manager.keyboard.press('/');
    const search = manager.locator('[data-testid="global-search"]');
    expect(await search.evaluate((input) => input === document.activeElement)).toBe(true);
    await search.pressSequentially('quenby marwik');
    const option = manager.locator(
      `[data-testid="search-group-client"] [role="option"][data-id="${client.id}"]`,
    );
    await option.waitFor();
    expect(await search.getAttribute('aria-expanded')).toBe('true');
    await manager.screenshot({ path: join(artifacts, 'shell-search.png') });
    // The arrow keys walk the options; the client is the best match, so it comes back to it.
    const options = await manager.locator('[role="option"]').count();
    for (let step = 0; step < options; step += 1) await search.press('ArrowDown');
    expect(await option.getAttribute('aria-selected')).toBe('true');
    await search.press('Enter');
    await manager.waitForSelector('h2:text("Quenby Marwick Holdings")');
    expect(new URL(manager.url()).hash).toBe(`#/clients/${client.id}`);
  });

  it('tells a manager of a task assigned to them, live, and opens it', async () => {
    const bell = manager.locator('[data-testid="notifications"]');
    await manager.waitForSelector('.notifications[data-live="true"]');
    const { taskId } = await openTask('Notified Client');
    const assigned = await people.as('supervisor', 'POST', `/api/tasks/${taskId}/assign`, {
      assigneeId: people.ids.manager,
    });
    expect(assigned.status).toBe(200);

    const count = manager.locator('[data-testid="notification-count"]');
    await manager.waitForFunction(
      () => Number(document.querySelector('[data-testid="notification-count"]')?.textContent) > 0,
      undefined,
      { timeout: LIVE_LIMIT_MS },
    );
    expect(await bell.getAttribute('aria-label')).toMatch(/^Notifications, \d+ new$/);
    await bell.click();
    const notice = manager.locator(
      `[data-testid="notification-list"] li[data-task-id="${taskId}"]`,
    );
    await notice.waitFor();
    expect(await notice.textContent()).toContain('assigned to you');
    await manager.screenshot({ path: join(artifacts, 'shell-notifications.png') });
    // Seen once the list is open.
    expect(await count.textContent()).toBe('');
    await notice.locator('a').click();
    await manager.waitForSelector(`[data-testid="my-tasks"] tr[data-id="${taskId}"]`);
    expect(new URL(manager.url()).hash).toBe(`#/tasks/${taskId}`);
    await manager.locator('[data-testid="task-detail"] h2').waitFor();
  });
});

describe("a team's task list", () => {
  it("hears a new task of the manager's team with no role, in the list and the bell", async () => {
    await manager.goto(`${flowcard.baseUrl}/#/tasks`);
    await manager.waitForSelector('[data-testid="live-status"].live-live');
    await manager.waitForSelector('.notifications[data-live="true"]');
    // Its first task is for the team named in the variable `team`, with no candidate role.
    const deployed = await flowcard.api(
      people.tokens.analyst,
      'POST',
      '/api/process-definitions',
      readFileSync(TEAM_TASKS_FIXTURE, 'utf8'),
      'application/xml',
    );
    expect(deployed.status).toBe(201);
    const client = await newClient({ kind: 'company', name: 'Team Task Client' });
    const started = await people.as('manager', 'POST', '/api/process-instances', {
      definitionId: deployed.body.id,
      clientId: client.id,
      variables: { team: 'North' },
    });
    expect(started.status).toBe(201);

    const row = manager.locator('[data-testid="group-tasks"] tr', { hasText: 'Qualify the lead' });
    await row.waitFor({ timeout: LIVE_LIMIT_MS });
    await manager.locator('[data-testid="notifications"]').click();
    const notice = manager.locator('[data-testid="notification-list"] li', {
      hasText: 'for your team',
    });
    await notice.waitFor({ timeout: LIVE_LIMIT_MS });
    expect(await notice.getAttribute('data-task-id')).toBe(await row.getAttribute('data-id'));
    await manager.keyboard.press('Escape');
  });
});

describe('the calendar', () => {
  it("shows a planned call in the week view and opens the call's client", async () => {
    const client = await newClient({ kind: 'company', name: 'Calendar Call Client' });
    const call = await people.as('manager', 'POST', '/api/activities', {
      clientId: client.id,
      kind: 'call',
      subject: 'Quarterly check-in',
      dueAt: new Date(Date.UTC(2032, 5, 10, 9, 30)).toISOString(),
    });
    expect(call.status).toBe(201);

    await manager.goto(`${flowcard.baseUrl}/#/calendar/2032-06-09`);
    await manager.click('[data-testid="calendar"] button[data-mode="week"]');
    const item = manager.locator(
      `[data-testid="calendar-week"] section[data-day="2032-06-10"] a[data-id="${call.body.id}"]`,
    );
    await item.waitFor();
    expect(await item.textContent()).toContain('Quarterly check-in');
    expect(await manager.locator('[data-testid="calendar-week"] section').count()).toBe(7);
    await manager.screenshot({ path: join(artifacts, 'shell-calendar-week.png') });

    await manager.click('[data-testid="calendar"] button[data-mode="day"]');
    await manager.waitForSelector('[data-testid="calendar-day"] section[data-day="2032-06-09"]');
    expect(await manager.locator(`a[data-id="${call.body.id}"]`).count()).toBe(0);
    await manager.click('button[aria-label="Next"]');
    await manager.locator(`[data-testid="calendar-day"] a[data-id="${call.body.id}"]`).click();
    await manager.waitForSelector('h2:text("Calendar Call Client")');
  });

  it("shows a supervisor the calendar of a manager they oversee, with the clients' names", async () => {
    const client = await people.as('noah', 'POST', '/api/clients', {
      kind: 'company',
      name: 'Noah Calendar Client',
    });
    const call = await people.as('noah', 'POST', '/api/activities', {
      clientId: client.body.id,
      kind: 'call',
      subject: 'Renewal talk',
      dueAt: new Date(Date.UTC(2032, 6, 14, 10)).toISOString(),
    });
    expect(call.status).toBe(201);

    // A manager may pick a team mate, not a manager of another team.
    await manager.goto(`${flowcard.baseUrl}/#/calendar/2032-07-14`);
    const options = (page: Page) =>
      page.locator('[data-testid="calendar-user"]:visible option').allTextContents();
    await manager.locator('[data-testid="calendar-user"]').waitFor();
    expect(await options(manager)).toEqual(expect.arrayContaining(['Mia Manager', 'Noah North']));
    expect(await options(manager)).not.toContain('Sara South');

    const supervisor = await signIn('supervisor@demo.local');
    try {
      await supervisor.goto(`${flowcard.baseUrl}/#/calendar/2032-07-14`);
      const picker = supervisor.locator('[data-testid="calendar-user"]');
      await picker.waitFor();
      expect(await options(supervisor)).toEqual(
        expect.arrayContaining(['Sam Supervisor', 'Mia Manager', 'Noah North']),
      );
      expect(await options(supervisor)).not.toContain('Sara South');
      // Their own calendar first, which does not hold Noah's call.
      await supervisor.waitForSelector(
        '[data-testid="calendar-week"] section[data-day="2032-07-14"]',
      );
      expect(await supervisor.locator(`a[data-id="${call.body.id}"]`).count()).toBe(0);
      await picker.selectOption({ label: 'Noah North' });
      const item = supervisor.locator(
        `[data-testid="calendar-week"] section[data-day="2032-07-14"] a[data-id="${call.body.id}"]`,
      );
      await item.waitFor();
      expect(await item.locator('.calendar-client').textContent()).toBe('Noah Calendar Client');
      expect(await item.getAttribute('href')).toBe(`#/clients/${client.body.id}`);
      await supervisor.screenshot({ path: join(artifacts, 'shell-calendar-of-noah.png') });
      await item.click();
      await supervisor.waitForSelector('h2:text("Noah Calendar Client")');
    } finally {
      await supervisor.context().close();
    }
  });
});

describe('saved views of the client list', () => {
  it('apply filters and sort, and survive a reload', async () => {
    const tagged = await newClient({ kind: 'company', name: 'Saved View Co', tags: ['svtag'] });
    await newClient({ kind: 'person', name: 'Saved View Person', tags: ['svtag'] });
    await manager.goto(`${flowcard.baseUrl}/#/clients`);
    await manager.selectOption('select[aria-label="Kind"]', 'company');
    await manager.fill('input[aria-label="Tag"]', 'svtag');
    await manager.selectOption('select[aria-label="Sort by"]', 'createdAt');
    await manager.press('input[aria-label="Tag"]', 'Enter');
    const rows = () =>
      manager.$$eval('[data-testid="clients"] tr', (trs) => trs.map((tr) => tr.dataset.id));
    await eventually(async () => JSON.stringify(await rows()) === JSON.stringify([tagged.id]));
    await manager.fill('input[aria-label="Name of the view to save"]', 'Tagged companies');
    await manager.click('button:text("Save view")');
    await manager.waitForSelector('p:text("Saved \\"Tagged companies\\".")');

    await manager.reload();
    const picker = manager.locator('[data-testid="saved-view-picker"]');
    await manager.waitForFunction(() => {
      const select = document.querySelector<HTMLSelectElement>('[data-testid="saved-view-picker"]');
      return select?.selectedOptions[0]?.textContent === 'Tagged companies';
    });
    expect(await manager.inputValue('input[aria-label="Tag"]')).toBe('svtag');
    expect(await manager.inputValue('select[aria-label="Kind"]')).toBe('company');
    expect(await manager.inputValue('select[aria-label="Sort by"]')).toBe('createdAt');
    await eventually(async () => JSON.stringify(await rows()) === JSON.stringify([tagged.id]));
    await manager.screenshot({ path: join(artifacts, 'shell-saved-view.png') });

    // All clients again, then the view from the picker.
    await picker.selectOption('');
    expect(await manager.inputValue('input[aria-label="Tag"]')).toBe('');
    const viewId = await picker.evaluate(
      (select: HTMLSelectElement) =>
        [...select.options].find((option) => option.text === 'Tagged companies')?.value ?? '',
    );
    await picker.selectOption(viewId);
    expect(await manager.inputValue('input[aria-label="Tag"]')).toBe('svtag');
    const saved = await people.as('manager', 'GET', '/api/saved-views?screen=clients');
    expect(saved.body.items).toEqual([
      expect.objectContaining({
        id: viewId,
        name: 'Tagged companies',
        filters: { kind: 'company', tag: 'svtag' },
        sort: 'createdAt',
        order: 'asc',
      }),
    ]);
  });
});

describe('on a phone', () => {
  it('shows the task list and the client card without horizontal scrolling', async () => {
    const { taskId, clientId } = await openTask('Phone Sized Client With A Rather Long Name');
    const call = await people.as('manager', 'POST', '/api/activities', {
      clientId,
      kind: 'call',
      subject: 'Called from the road about the application and its documents',
      status: 'done',
    });
    expect(call.status).toBe(201);
    const phone = await signIn('manager@demo.local', { width: 390, height: 844 });
    try {
      await phone.goto(`${flowcard.baseUrl}/#/tasks/${taskId}`);
      await phone.waitForSelector(`[data-testid="group-tasks"] tr[data-id="${taskId}"]`);
      await phone.locator('[data-testid="task-detail"] h2').waitFor();
      await phone.screenshot({ path: join(artifacts, 'phone-task-list.png'), fullPage: true });
      expect(await overflows(phone)).toBe(false);
      expect(await unlabelled(phone)).toEqual([]);

      await phone.goto(`${flowcard.baseUrl}/#/clients/${clientId}`);
      await phone.waitForSelector(
        '[data-testid="timeline"] li:has-text("Called from the road about the application")',
      );
      await phone.screenshot({ path: join(artifacts, 'phone-client-card.png'), fullPage: true });
      expect(await overflows(phone)).toBe(false);
      expect(await unlabelled(phone)).toEqual([]);
    } finally {
      await phone.context().close();
    }
  });
});
