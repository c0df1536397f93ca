/**
 * A supervisor's monitoring screens in a real browser against the real API and a real Temporal
 * worker: an instance stops at an incident on the live map, the supervisor corrects the variable
 * and retries it without a reload; the heatmap of its version follows it live; the ended
 * instance is replayed step by step.
 */
import { join } from 'node:path';
import { Browser, Page } from 'playwright-core';
import { DemoPeople, eventually, Flowcard } from '#scripts/lib/in-process';
import {
  endEvent,
  laidOutLinearDiagram,
  startEvent,
  statusStep,
  userTask,
} from '#test/harness/diagrams';
import { artifacts, startBrowserApp, stopBrowserApp } from './browser';

jest.setTimeout(150_000);

interface PageMark {
  notReloaded?: boolean;
}

let flowcard: Flowcard;
let people: DemoPeople;
let browser: Browser;
let supervisor: Page;

beforeAll(async () => {
  ({ flowcard, browser } = await startBrowserApp());
  people = await flowcard.demoPeople();
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  supervisor = await context.newPage();
  await supervisor.goto(flowcard.baseUrl);
  await supervisor.fill('[data-testid="login-form"] input[name="email"]', 'supervisor@demo.local');
  await supervisor.click('[data-testid="login-form"] button[type="submit"]');
  await supervisor.waitForSelector('[data-testid="signed-in-user"]');
});

afterAll(async () => {
  await supervisor?.context().close();
  await stopBrowserApp({ browser, flowcard });
});

const classOf = (testId: string, elementId: string) =>
  supervisor.$eval(
    `[data-testid="${testId}"] .djs-element[data-element-id="${elementId}"]`,
    (element) => element.getAttribute('class') ?? '',
  );
const marker = (elementId: string) => classOf('instance-diagram', elementId);
const badge = (testId: string, elementId: string) =>
  supervisor.locator(`[data-testid="${testId}"] .fc-badge[data-element-id="${elementId}"]`);

async function openTaskOf(instanceId: string, elementId: string): Promise<{ id: string }> {
  return eventually(async () => {
    const listed = await people.as('manager', 'GET', `/api/tasks?instanceId=${instanceId}`);
    return listed.body.items?.find((task: { elementId: string }) => task.elementId === elementId);
  });
}

describe('a supervisor', () => {
  it('retries an incident after correcting its variable, follows the heatmap and replays the instance', async () => {
    const key = `monitoring-${Date.now().toString(36)}`;
    const deployed = await flowcard.api(
      people.tokens.analyst,
      'POST',
      '/api/process-definitions',
      laidOutLinearDiagram(key, [
        startEvent('Start'),
        userTask('Task_Review', 'Review'),
        statusStep('Step_Status', '=nextStatus'),
        userTask('Task_FollowUp', 'Follow up'),
        endEvent('End'),
      ]),
      'application/xml',
    );
    expect(deployed.status).toBe(201);
    const client = await people.as('manager', 'POST', '/api/clients', {
      kind: 'company',
      name: 'Incident Watch Ltd',
    });
    // `vip` is no client status: the status step will stop at an incident.
    const started = await people.as('manager', 'POST', '/api/process-instances', {
      definitionId: deployed.body.id,
      clientId: client.body.id,
      variables: { nextStatus: 'vip' },
    });
    expect(started.status).toBe(201);
    const instanceId: string = started.body.id;
    const review = await openTaskOf(instanceId, 'Task_Review');

    await supervisor.goto(`${flowcard.baseUrl}/#/instances/${instanceId}`);
    await supervisor.waitForSelector('[data-testid="live-status"].live-live');
    await eventually(async () => (await marker('Task_Review')).includes('fc-active'));
    await badge('instance-diagram', 'Task_Review').waitFor();
    expect(await badge('instance-diagram', 'Task_Review').textContent()).toBe('1');
    // A mark on the page's window survives only if the page is never reloaded.
    await supervisor.evaluate(() => ((window as unknown as PageMark).notReloaded = true));

    // The review's completion runs the status step, which stops, red, at an incident; the
    // completion is held with it, so the review stays open until the retry.
    const completed = await people.as('manager', 'POST', `/api/tasks/${review.id}/complete`, {
      variables: {},
    });
    expect(completed.status).toBe(200);
    const incidentRow = supervisor.locator(
      '[data-testid="incidents"] tr[data-element-id="Step_Status"]',
    );
    await incidentRow.waitFor();
    expect(await incidentRow.textContent()).toContain('UNKNOWN_STATUS');
    expect(await incidentRow.textContent()).toContain('vip');
    await eventually(async () => (await marker('Step_Status')).includes('fc-incident'));
    expect(await supervisor.textContent('[data-testid="instance-status"]')).toBe('incident');
    await supervisor.screenshot({ path: join(artifacts, 'monitoring-incident.png') });

    // The variable is corrected in the editor, then the retry moves the instance on.
    const editor = supervisor.locator('[data-testid="variables-editor"]');
    const variableRow = editor.locator('tbody tr', {
      has: supervisor.locator('input[name="variable-name"][value="nextStatus"]'),
    });
    await variableRow.locator('input[name="variable-value"]').fill('potential');
    await supervisor.click('button:text("Save variables")');
    await supervisor.waitForSelector('[data-testid="variables"]:has-text("potential")');
    await incidentRow.locator('button:text("Retry")').click();
    await eventually(async () => (await marker('Task_FollowUp')).includes('fc-active'));
    await incidentRow.waitFor({ state: 'detached' });
    expect(await marker('Step_Status')).toContain('fc-completed');
    expect(await marker('Task_Review')).toContain('fc-completed');
    expect(await supervisor.textContent('[data-testid="instance-status"]')).toBe('running');
    expect(await badge('instance-diagram', 'Task_FollowUp').textContent()).toBe('1');
    const history = supervisor.locator('[data-testid="history"] tr[data-element-id="Task_Review"]');
    expect(await history.textContent()).toMatch(/completed/);
    await supervisor.screenshot({ path: join(artifacts, 'monitoring-incident-retried.png') });
    const card = await people.as('supervisor', 'GET', `/api/process-instances/${instanceId}`);
    expect(card.body.incidents).toEqual([
      expect.objectContaining({ elementId: 'Step_Status', resolution: 'retried' }),
    ]);
    const clientNow = await people.as('manager', 'GET', `/api/clients/${client.body.id}`);
    expect(clientNow.body.status).toBe('potential');
    expect(await supervisor.evaluate(() => (window as unknown as PageMark).notReloaded)).toBe(true);

    // The list finds it among the instances that had an incident.
    await supervisor.click('nav a:text("Monitoring")');
    await supervisor.check('input[name="withIncident"]');
    const listed = supervisor.locator(`[data-testid="instances"] tr[data-id="${instanceId}"]`);
    await listed.waitFor();
    await supervisor.screenshot({ path: join(artifacts, 'monitoring-with-incident.png') });

    // The heatmap of its version: one token waits at the follow-up, until it is done.
    await listed.locator('a').click();
    await supervisor.click('[data-testid="heatmap-link"]');
    await supervisor.waitForSelector('[data-testid="heatmap"] tr[data-element-id="Task_FollowUp"]');
    await supervisor.waitForSelector('[data-testid="live-status"].live-live');
    const followUpHeat = supervisor.locator(
      '[data-testid="heatmap"] tr[data-element-id="Task_FollowUp"]',
    );
    expect(await followUpHeat.locator('td').nth(1).textContent()).toBe('1');
    await badge('heatmap-diagram', 'Task_FollowUp').waitFor();
    expect(await classOf('heatmap-diagram', 'Task_Review')).toMatch(/fc-heat-\d/);
    await supervisor.screenshot({ path: join(artifacts, 'monitoring-heatmap.png') });
    const followUp = await openTaskOf(instanceId, 'Task_FollowUp');
    await people.as('manager', 'POST', `/api/tasks/${followUp.id}/complete`, { variables: {} });
    // Refetched on the version's live events: the instance ended, nothing waits any more.
    await followUpHeat.waitFor({ state: 'detached' });
    expect(await supervisor.textContent('[data-testid="heatmap-summary"]')).toContain(
      '0 live instance(s)',
    );

    // The ended instance replayed: step by step, then played to its end.
    await supervisor.goto(`${flowcard.baseUrl}/#/instances/${instanceId}`);
    const replay = supervisor.locator('[data-testid="replay"]');
    await replay.waitFor();
    const stepButton = replay.getByRole('button', { name: 'Step', exact: true });
    await stepButton.click();
    expect(await replay.locator('[data-testid="replay-position"]').textContent()).toMatch(
      /^Step 1 of \d+: element\.started Start$/,
    );
    expect(await marker('Start')).toContain('fc-active');
    expect(await marker('Task_FollowUp')).not.toContain('fc-completed');
    await stepButton.click();
    await stepButton.click();
    expect(await marker('Task_Review')).toContain('fc-active');
    await supervisor.screenshot({ path: join(artifacts, 'monitoring-replay-step.png') });
    await replay.locator('select[name="speed"]').selectOption('4');
    await replay.locator('button:text("Play")').click();
    await eventually(async () =>
      /^Step (\d+) of \1: element\.completed End$/.test(
        (await replay.locator('[data-testid="replay-position"]').textContent()) ?? '',
      ),
    );
    expect(await marker('Task_FollowUp')).toContain('fc-completed');
    expect(await replay.locator('button').first().textContent()).toBe('Play');
    await supervisor.screenshot({ path: join(artifacts, 'monitoring-replay-end.png') });
  });
});
