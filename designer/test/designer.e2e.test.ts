/**
 * The designer in a real browser (Debian's Chromium driven by playwright-core) against the
 * real API: sign in, see the deployed diagram, watch an instance's map move live, and draw,
 * deploy and run a process in the modeler.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, Page } from 'playwright-core';
import { eventually, Flowcard } from '#scripts/lib/in-process';
import { BPMN_CAPABILITIES } from '#workflows/bpmn/capabilities';
import { DEFAULT_MAX_TIMER_MS } from '#workflows/engine/model';
import { artifacts, startBrowserApp, stopBrowserApp } from './browser';
import { ModelerPage } from './modeler-page';

jest.setTimeout(120_000);

let flowcard: Flowcard;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  ({ flowcard, browser } = await startBrowserApp());
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
});

afterAll(() => stopBrowserApp({ browser, flowcard }));

const shape = (elementId: string) => `[data-element-id="${elementId}"]`;

async function markerOf(elementId: string): Promise<string> {
  return page.$eval(
    `[data-testid="instance-diagram"] .djs-element${shape(elementId)}`,
    (element) => element.getAttribute('class') ?? '',
  );
}

it('shows the deployed diagram and the live map of an instance', async () => {
  await page.goto(flowcard.baseUrl);
  await page.click('[data-testid="login-form"] button[type="submit"]');
  await page.waitForSelector('[data-testid="definitions"] tr[data-id]');
  await page.click('[data-testid="definitions"] a:text("application-handling")');
  await page.waitForSelector(
    `[data-testid="definition-diagram"] ${shape('Task_QualifyApplication')}`,
  );
  expect(await page.$$(`[data-testid="definition-diagram"] .djs-shape`)).not.toHaveLength(0);
  await page.screenshot({ path: join(artifacts, 'designer-definition.png') });

  const manager = await flowcard.login('manager@demo.local');
  const client = await flowcard.api(manager, 'POST', '/api/clients', {
    kind: 'person',
    name: 'Map Watcher',
  });
  const started = await flowcard.api(manager, 'POST', '/api/process-instances', {
    definitionKey: 'application-handling',
    clientId: client.body.id,
  });
  const instanceId = started.body.id;
  await page.goto(`${flowcard.baseUrl}/#/instances/${instanceId}`);
  await page.waitForSelector(
    `[data-testid="instance-diagram"] ${shape('Task_QualifyApplication')}`,
  );
  await eventually(async () => (await markerOf('Task_QualifyApplication')).includes('fc-active'));
  expect(await markerOf('StartEvent_ApplicationReceived')).toContain('fc-completed');

  // Completing the task elsewhere moves the map without a reload.
  const tasks = await flowcard.api(manager, 'GET', `/api/tasks?instanceId=${instanceId}`);
  await flowcard.api(manager, 'POST', `/api/tasks/${tasks.body.items[0].id}/complete`, {
    variables: { qualified: true },
  });
  await eventually(async () => (await markerOf('Task_CloseApplication')).includes('fc-active'));
  expect(await markerOf('Task_QualifyApplication')).toContain('fc-completed');
  expect(await markerOf('Task_MarkPotential')).toContain('fc-completed');
  expect(await markerOf('Task_MarkLost')).not.toMatch(/fc-(active|completed)/);
  await page.screenshot({ path: join(artifacts, 'designer-instance.png') });
});

describe('the modeler', () => {
  let analyst: Page;

  beforeAll(async () => {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    analyst = await context.newPage();
    await analyst.goto(flowcard.baseUrl);
    await analyst.click('[data-testid="login-form"] button[type="submit"]');
    await analyst.waitForSelector('[data-testid="definitions"]');
  });

  /** Opens the modeler on an empty diagram, from the navigation as an analyst would. */
  async function openModeler(): Promise<void> {
    await analyst.goto(`${flowcard.baseUrl}/#/`);
    await analyst.click('nav a:text("Modeler")');
    await analyst.waitForSelector('.djs-palette .entry');
  }

  afterAll(async () => {
    await analyst?.context().close();
  });

  const canvas = '[data-testid="modeler-canvas"]';

  /** Clicks a palette entry, then the canvas at (x, y) from its top left; answers the new id. */
  async function place(action: string, x: number, y: number): Promise<string> {
    const box = await analyst.locator(canvas).boundingBox();
    if (!box) throw new Error('the modeler canvas is not visible');
    await analyst.click(`.djs-palette [data-action="${action}"]`);
    await analyst.mouse.move(box.x + x - 20, box.y + y);
    await analyst.mouse.move(box.x + x, box.y + y, { steps: 5 });
    await analyst.mouse.click(box.x + x, box.y + y);
    const selected = analyst.locator(`${canvas} .djs-shape.selected`);
    await selected.waitFor();
    return (await selected.getAttribute('data-element-id')) ?? '';
  }

  async function centreOf(elementId: string): Promise<{ x: number; y: number }> {
    const box = await analyst.locator(`${canvas} .djs-shape${shape(elementId)}`).boundingBox();
    if (!box) throw new Error(`${elementId} is not on the canvas`);
    return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  }

  /** Selects the element, so that the properties panel shows it. */
  async function select(elementId: string): Promise<void> {
    const { x, y } = await centreOf(elementId);
    await analyst.mouse.click(x, y + 150); // ends any tool, closes the context pad
    await analyst.mouse.click(x, y);
    await analyst.waitForSelector(`${canvas} .djs-shape.selected${shape(elementId)}`);
  }

  /** Draws a sequence flow with the palette's connect tool. */
  async function connect(sourceId: string, targetId: string): Promise<void> {
    const flows = await analyst.locator(`${canvas} .djs-connection`).count();
    const below = await centreOf(sourceId);
    // A click on the empty canvas closes the context pad, which can lie over the source.
    await analyst.mouse.click(below.x, below.y + 150);
    await analyst.click('.djs-palette [data-action="global-connect-tool"]');
    // Read after the click: reaching a tool low in a long palette scrolls the page.
    const source = await centreOf(sourceId);
    const target = await centreOf(targetId);
    await analyst.mouse.move(source.x, source.y);
    await analyst.mouse.down();
    await analyst.mouse.move(target.x, target.y, { steps: 10 });
    await analyst.mouse.up();
    await eventually(
      async () => (await analyst.locator(`${canvas} .djs-connection`).count()) > flows,
    );
  }

  it('offers only what the compiler accepts, read from the server', async () => {
    const analystToken = await flowcard.login('analyst@demo.local');
    const answered = await flowcard.api(analystToken, 'GET', '/api/bpmn/capabilities');
    expect(answered.status).toBe(200);
    // With the timer maximum this server deploys with (FLOWCARD_MAX_TIMER, unset here).
    expect(answered.body).toEqual({
      ...JSON.parse(JSON.stringify(BPMN_CAPABILITIES)),
      maxTimerMs: DEFAULT_MAX_TIMER_MS,
    });
    expect((await flowcard.api(null, 'GET', '/api/bpmn/capabilities')).status).toBe(401);

    await openModeler();
    const palette = await analyst.$$eval('.djs-palette .entry', (entries) =>
      entries.map((entry) => entry.getAttribute('data-action')),
    );
    const creatable = palette.filter((action) => action?.startsWith('create.'));
    expect(creatable.sort()).toEqual(
      [
        ...BPMN_CAPABILITIES.elements
          .filter((element) => element.extensionElement !== 'flowcard:action')
          .map((element) => `create.flowcard.${element.kind}`),
        ...BPMN_CAPABILITIES.actions.map((action) => `create.flowcard.action.${action.type}`),
      ].sort(),
    );
    expect(palette).toContain('global-connect-tool');
    expect(
      await analyst.getAttribute(
        '.djs-palette [data-action="create.flowcard.action.createCall"]',
        'aria-label',
      ),
    ).toBe('Create call');
    // The license of bpmn-js asks for its watermark to stay visible.
    expect(await analyst.locator(`${canvas} .bjs-powered-by`).isVisible()).toBe(true);

    await place('create.flowcard.userTask', 300, 250);
    const contextPad = await analyst.$$eval('.djs-context-pad .entry', (entries) =>
      entries.map((entry) => entry.getAttribute('data-action')),
    );
    expect(contextPad.filter((action) => action?.startsWith('append.')).sort()).toEqual(
      [
        ...BPMN_CAPABILITIES.elements
          .filter(
            ({ type, extensionElement }) =>
              type !== 'bpmn:StartEvent' && !extensionElement?.endsWith(':action'),
          )
          .map((element) => `append.flowcard.${element.kind}`),
        ...BPMN_CAPABILITIES.actions.map((action) => `append.flowcard.action.${action.type}`),
        'append.text-annotation',
      ].sort(),
    );
    await new ModelerPage(analyst).openReplaceMenu();
    const replacements = await analyst.$$eval('.djs-popup-body .entry', (entries) =>
      entries.map((entry) => entry.getAttribute('data-id')),
    );
    // bpmn-js's replace entries of a task, kept to the task types the compiler accepts.
    const taskEntries: Record<string, string> = {
      'bpmn:Task': 'replace-with-task',
      'bpmn:ServiceTask': 'replace-with-service-task',
      'bpmn:SendTask': 'replace-with-send-task',
      'bpmn:ReceiveTask': 'replace-with-receive-task',
      'bpmn:ManualTask': 'replace-with-manual-task',
      'bpmn:BusinessRuleTask': 'replace-with-rule-task',
      'bpmn:ScriptTask': 'replace-with-script-task',
      'bpmn:CallActivity': 'replace-with-call-activity',
    };
    expect(replacements.sort()).toEqual(
      [...new Set(BPMN_CAPABILITIES.elements.map(({ type }) => taskEntries[type]))]
        .filter(Boolean)
        .sort(),
    );
    // bpmn-js's header toggles, kept to those the compiler accepts on a user task.
    const userTask = BPMN_CAPABILITIES.elements.find(({ kind }) => kind === 'userTask');
    expect(await headerEntries()).toEqual(
      userTask?.loops ? ['toggle-loop', 'toggle-parallel-mi', 'toggle-sequential-mi'] : [],
    );
    await analyst.screenshot({ path: join(artifacts, 'modeler-replace-menu.png') });
    await analyst.click('.djs-popup-header [data-id="toggle-parallel-mi"]');
    await analyst.keyboard.press('Escape');

    // The timer group writes a duration unless another type is chosen.
    await place('create.flowcard.timerCatch', 500, 250);
    const duration = analyst.locator('#bio-properties-panel-flowcard-timer-duration');
    await duration.fill('P2D');
    await duration.press('Tab');
    const [download] = await Promise.all([
      analyst.waitForEvent('download'),
      analyst.click('button:text("Download XML")'),
    ]);
    const xml = readFileSync(await download.path(), 'utf8');
    expect(xml).toMatch(
      /<bpmn:timeDuration xsi:type="bpmn:tFormalExpression">P2D<\/bpmn:timeDuration>/,
    );
    expect(xml).toMatch(/<bpmn:multiInstanceLoopCharacteristics\b/);
  });

  /** The ids of the open replace menu's header entries, sorted. */
  async function headerEntries(): Promise<string[]> {
    const ids = await analyst.$$eval('.djs-popup-header [data-id]', (entries) =>
      entries.map((entry) => entry.getAttribute('data-id') ?? ''),
    );
    return ids.sort();
  }

  it('draws a process, deploys it and runs it', async () => {
    await openModeler();
    const start = await place('create.flowcard.startEvent', 120, 250);
    const call = await place('create.flowcard.action.createCall', 300, 250);
    const review = await place('create.flowcard.userTask', 500, 250);
    const end = await place('create.flowcard.endEvent', 700, 250);

    // Unconnected, the server refuses it and says where.
    await analyst.click('button:text("Deploy")');
    const refused = analyst.locator('[data-testid="deploy-errors"]');
    await refused.waitFor();
    expect(await refused.locator(`li${shape(call)}`).count()).toBeGreaterThan(0);
    expect(await analyst.getAttribute(`${canvas} .djs-shape${shape(call)}`, 'class')).toContain(
      'fc-problem',
    );
    expect(
      await analyst.getAttribute(`[data-container-id="${call}"] .fc-problem-badge`, 'title'),
    ).toBe('createCall needs a subject');
    await analyst.screenshot({ path: join(artifacts, 'modeler-refused.png') });

    await connect(start, call);
    await connect(call, review);
    await connect(review, end);

    await select(call);
    const subject = analyst.locator('#bio-properties-panel-flowcard-action-subject');
    await subject.fill('Welcome the new client');
    await subject.press('Tab');
    await select(review);
    const role = analyst.locator('#bio-properties-panel-flowcard-taskDefinition-candidateRole');
    await role.fill('manager');
    await role.press('Tab');

    await analyst.click('button:text("Deploy")');
    const deployed = analyst.locator('[data-testid="modeler-result"] p.ok');
    await deployed.waitFor();
    expect(await analyst.locator(`${canvas} .fc-problem`).count()).toBe(0);
    const key = (await deployed.getAttribute('data-key')) ?? '';
    await analyst.screenshot({ path: join(artifacts, 'modeler-deployed.png') });

    const [download] = await Promise.all([
      analyst.waitForEvent('download'),
      analyst.click('button:text("Download XML")'),
    ]);
    expect(download.suggestedFilename()).toBe(`${key}.bpmn`);
    expect(readFileSync(await download.path(), 'utf8')).toContain(
      'subject="Welcome the new client"',
    );

    // The deployed version opens again in the modeler, its flowcard: attributes intact.
    await analyst.click('nav a:text("Definitions")');
    await analyst.click(`[data-testid="definitions"] a:text("${key}")`);
    await analyst.click('a:text("Edit in the modeler")');
    await analyst.waitForSelector(`h2:text("Edit ${key} (from v1)")`);
    await analyst.waitForSelector(`${canvas} .djs-shape${shape(call)}`);
    await select(call);
    expect(await subject.inputValue()).toBe('Welcome the new client');

    const manager = await flowcard.login('manager@demo.local');
    const definitions = await flowcard.api(manager, 'GET', `/api/process-definitions?key=${key}`);
    const definition = await flowcard.api(
      manager,
      'GET',
      `/api/process-definitions/${definitions.body[0].id}`,
    );
    expect(definition.body.bpmnXml).toMatch(
      /<flowcard:action type="createCall" subject="Welcome the new client" \/>/,
    );
    const client = await flowcard.api(manager, 'POST', '/api/clients', {
      kind: 'person',
      name: 'Drawn Process',
    });
    const started = await flowcard.api(manager, 'POST', '/api/process-instances', {
      definitionKey: key,
      clientId: client.body.id,
    });
    expect(started.status).toBe(201);
    const calls = await eventually(async () => {
      const listed = await flowcard.api(
        manager,
        'GET',
        `/api/activities?clientId=${client.body.id}&kind=call`,
      );
      return listed.body.items?.length ? listed.body.items : null;
    });
    expect(calls.map((activity: { subject: string }) => activity.subject)).toEqual([
      'Welcome the new client',
    ]);
    const tasks = await eventually(async () => {
      const listed = await flowcard.api(manager, 'GET', `/api/tasks?instanceId=${started.body.id}`);
      return listed.body.items?.length ? listed.body.items : null;
    });
    expect(tasks[0].elementId).toBe(review);
  });
});
