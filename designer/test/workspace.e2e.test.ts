/**
 * The people's screens in a real browser (Debian's Chromium driven by playwright-core) against
 * the real API and a real Temporal worker: a manager's live task list, client card and deals
 * board, and a supervisor's instance list and live instance view.
 */
import { join } from 'node:path';
import { Browser, Page } from 'playwright-core';
import { DemoPeople, eventually, Flowcard } from '#scripts/lib/in-process';
import { artifacts, signIn as signInAs, startBrowserApp, stopBrowserApp } from './browser';

jest.setTimeout(120_000);

/** How long a pushed task may take to show. */
const LIVE_LIMIT_MS = 5_000;

interface PageMark {
  notReloaded?: boolean;
}

let flowcard: Flowcard;
let people: DemoPeople;
let browser: Browser;

beforeAll(async () => {
  ({ flowcard, browser } = await startBrowserApp());
  people = await flowcard.demoPeople();
});

afterAll(() => stopBrowserApp({ browser, flowcard }));

/** A fresh browser context signed in as a demo user, through the sign-in form. */
function signIn(email: string): Promise<Page> {
  return signInAs({ browser, flowcard }, email, { viewport: { width: 1280, height: 800 } });
}

const navLinks = (page: Page) =>
  page.$$eval('nav.topbar a:not(.brand)', (links) => links.map((link) => link.textContent));

/** Starts the demo process for a new client of the manager's; answers the instance and client. */
async function startApplication(
  clientName: string,
): Promise<{ instanceId: string; clientId: string }> {
  const client = await people.as('manager', 'POST', '/api/clients', {
    kind: 'person',
    name: clientName,
  });
  expect(client.status).toBe(201);
  const started = await people.as('manager', 'POST', '/api/process-instances', {
    definitionKey: 'application-handling',
    clientId: client.body.id,
  });
  expect(started.status).toBe(201);
  return { instanceId: started.body.id, clientId: client.body.id };
}

async function openTaskOf(instanceId: string, elementId: string): Promise<{ id: string }> {
  return eventually(async () => {
    const listed = await people.as('manager', 'GET', `/api/tasks?instanceId=${instanceId}`);
    return listed.body.items?.find((task: { elementId: string }) => task.elementId === elementId);
  });
}

describe('a manager', () => {
  let manager: Page;

  beforeAll(async () => {
    manager = await signIn('manager@demo.local');
  });

  afterAll(async () => {
    await manager?.context().close();
  });

  it('sees only the sections of the role, a new task without reload, and completes it', async () => {
    expect(await navLinks(manager)).toEqual(['Tasks', 'Clients', 'Deals', 'Calendar']);
    expect(await manager.textContent('[data-testid="signed-in-user"]')).toContain('manager');
    await manager.waitForSelector('[data-testid="live-status"].live-live');

    // A mark on the page's window survives only if the page is never reloaded.
    await manager.evaluate(() => ((window as unknown as PageMark).notReloaded = true));
    const { instanceId } = await startApplication('Live Task Client');
    const task = await openTaskOf(instanceId, 'Task_QualifyApplication');
    // Pushed over socket.io. It takes well under a second on a quiet machine; the limit leaves
    // room for a full test run sharing two cores.
    const row = manager.locator(`[data-testid="group-tasks"] tr[data-id="${task.id}"]`);
    await row.waitFor({ timeout: LIVE_LIMIT_MS });
    await manager.screenshot({ path: join(artifacts, 'tasks-new-task.png') });

    await row.locator('a').click();
    const detail = manager.locator('[data-testid="task-detail"]');
    await detail.locator('h2:text("Qualify application")').waitFor();
    expect(await detail.locator('[data-testid="task-client"]').textContent()).toContain(
      'Live Task Client',
    );
    await detail.locator('button:text("Add variable")').click();
    await detail.locator('input[aria-label="Name of variable 1"]').fill('qualified');
    await detail.locator('input[aria-label="Value of variable 1"]').fill('true');
    await manager.screenshot({ path: join(artifacts, 'tasks-open-task.png') });
    await detail.locator('button:text("Complete task")').click();

    await row.waitFor({ state: 'detached' });
    const completed = await people.as('manager', 'GET', `/api/tasks/${task.id}`);
    expect(completed.body.status).toBe('completed');
    expect(completed.body.completionVariables).toEqual({ qualified: true });
    // The process went on to its next group task, which the list shows live as well.
    const next = await openTaskOf(instanceId, 'Task_CloseApplication');
    await manager.waitForSelector(`[data-testid="group-tasks"] tr[data-id="${next.id}"]`);
    await manager.screenshot({ path: join(artifacts, 'tasks-completed.png') });

    // A supervisor hands it to the manager: it moves to "My tasks" without a reload.
    const assigned = await people.as('supervisor', 'POST', `/api/tasks/${next.id}/assign`, {
      assigneeId: people.ids.manager,
    });
    expect(assigned.status).toBe(200);
    await manager
      .locator(`[data-testid="my-tasks"] tr[data-id="${next.id}"]`)
      .waitFor({ timeout: LIVE_LIMIT_MS });
    expect(
      await manager.locator(`[data-testid="group-tasks"] tr[data-id="${next.id}"]`).count(),
    ).toBe(0);
    await manager.screenshot({ path: join(artifacts, 'tasks-assigned-to-me.png') });
    expect(await manager.evaluate(() => (window as unknown as PageMark).notReloaded)).toBe(true);
  });

  it('logs a call on a client card and drags a deal to the next stage', async () => {
    const client = await people.as('manager', 'POST', '/api/clients', {
      kind: 'company',
      name: 'Card And Board Ltd',
    });
    const deal = await people.as('manager', 'POST', '/api/deals', {
      clientId: client.body.id,
      title: 'Card And Board deal',
      amount: '1200.00',
      currency: 'EUR',
    });
    expect(deal.status).toBe(201);

    await manager.click('nav a:text("Clients")');
    await manager.fill('input[aria-label="Search clients"]', 'Card And Board');
    await manager.press('input[aria-label="Search clients"]', 'Enter');
    await manager.click(`[data-testid="clients"] tr[data-id="${client.body.id}"] a`);
    await manager.waitForSelector('h2:text("Card And Board Ltd")');
    await manager.fill('input[aria-label="Call subject"]', 'Discussed the renewal');
    await manager.fill('input[aria-label="Call result"]', 'Wants an offer');
    await manager.click('button:text("Log call")');
    const call = manager.locator(
      '[data-testid="timeline"] li[data-type="activity"]:has-text("Discussed the renewal")',
    );
    await call.waitFor();
    expect(await call.textContent()).toContain('Mia Manager');
    await manager.screenshot({ path: join(artifacts, 'client-card-call.png') });

    await manager.click('nav a:text("Deals")');
    const card = manager.locator(`.deal[data-id="${deal.body.id}"]`);
    await card.waitFor();
    const stageIds = await manager.$$eval('[data-testid="deals-board"] .board-column', (columns) =>
      columns.map((column) => column.getAttribute('data-stage-id') ?? ''),
    );
    const nextStage = stageIds[stageIds.indexOf(deal.body.stageId) + 1];
    await card.dragTo(manager.locator(`.board-column[data-stage-id="${nextStage}"]`));
    await manager.waitForSelector(
      `.board-column[data-stage-id="${nextStage}"] .deal[data-id="${deal.body.id}"]`,
    );
    const moved = await people.as('manager', 'GET', `/api/deals/${deal.body.id}`);
    expect(moved.body.stageId).toBe(nextStage);
    await manager.screenshot({ path: join(artifacts, 'deals-board-moved.png') });

    // The same from the keyboard: the card's stage menu, then its Move button.
    const stageAfter = stageIds[stageIds.indexOf(nextStage) + 1];
    await card.locator('select[name="stage"]').selectOption(stageAfter);
    await card.locator('button:text("Move")').focus();
    await manager.keyboard.press('Enter');
    await manager.waitForSelector(
      `.board-column[data-stage-id="${stageAfter}"] .deal[data-id="${deal.body.id}"]`,
    );
    const movedAgain = await people.as('manager', 'GET', `/api/deals/${deal.body.id}`);
    expect(movedAgain.body.stageId).toBe(stageAfter);
  });
});

describe('a supervisor', () => {
  let supervisor: Page;

  beforeAll(async () => {
    supervisor = await signIn('supervisor@demo.local');
  });

  afterAll(async () => {
    await supervisor?.context().close();
  });

  const marker = (elementId: string) =>
    supervisor.$eval(
      `[data-testid="instance-diagram"] .djs-element[data-element-id="${elementId}"]`,
      (element) => element.getAttribute('class') ?? '',
    );

  it('finds an instance in the list, watches it move live and edits a variable', async () => {
    expect(await navLinks(supervisor)).toEqual([
      'Tasks',
      'Clients',
      'Deals',
      'Calendar',
      'Monitoring',
      'Definitions',
    ]);
    const { instanceId } = await startApplication('Watched Instance');
    const task = await openTaskOf(instanceId, 'Task_QualifyApplication');

    await supervisor.click('nav a:text("Monitoring")');
    await supervisor.selectOption('select[aria-label="Status"]', 'running');
    const row = supervisor.locator(`[data-testid="instances"] tr[data-id="${instanceId}"]`);
    await row.waitFor();
    await eventually(async () => (await row.textContent())?.includes('Watched Instance'));
    await supervisor.screenshot({ path: join(artifacts, 'monitoring-list.png') });
    await row.locator('a').click();

    await eventually(async () => (await marker('Task_QualifyApplication')).includes('fc-active'));
    await people.as('manager', 'POST', `/api/tasks/${task.id}/complete`, {
      variables: { qualified: true },
    });
    await eventually(async () => (await marker('Task_CloseApplication')).includes('fc-active'));
    expect(await marker('Task_QualifyApplication')).toContain('fc-completed');

    const editor = supervisor.locator('[data-testid="variables-editor"]');
    await editor.locator('button:text("Add variable")').click();
    const rows = editor.locator('tbody tr');
    const last = rows.nth((await rows.count()) - 1);
    await last.locator('input[name="variable-name"]').fill('priority');
    await last.locator('input[name="variable-value"]').fill('high');
    await supervisor.click('button:text("Save variables")');
    await supervisor.waitForSelector('[data-testid="variables"]:has-text("priority")');
    const card = await people.as('supervisor', 'GET', `/api/process-instances/${instanceId}`);
    expect(card.body.variables).toMatchObject({ priority: 'high', qualified: true });
    await supervisor.screenshot({ path: join(artifacts, 'monitoring-instance.png') });
  });
});
