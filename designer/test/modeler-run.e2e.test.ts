/**
 * The analyst's way from an empty canvas to a running process, in a real browser against the
 * real API and a real Temporal worker: draw start → "Create call" → user task with a form-js
 * form → end, test-run it in the simulator, deploy it, see the impact of a next version on the
 * running instance; then a manager completes the task through its form. An element replaced
 * with another type keeps only what its new type reads, so the diagram still deploys.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, Page } from 'playwright-core';
import { eventually, Flowcard } from '#scripts/lib/in-process';
import { artifacts, signIn, startBrowserApp, stopBrowserApp } from './browser';
import { canvas, ModelerPage, shape } from './modeler-page';

jest.setTimeout(180_000);

let flowcard: Flowcard;
let browser: Browser;

beforeAll(async () => {
  ({ flowcard, browser } = await startBrowserApp());
});

afterAll(() => stopBrowserApp({ browser, flowcard }));

/** Drags the form-js palette's text field onto the form editor's empty form. */
async function addTextField(page: Page): Promise<void> {
  const editor = page.locator('[data-testid="form-editor"]');
  const field = editor.locator('.fjs-palette-field[data-field-type="textfield"]');
  const from = await field.boundingBox();
  const to = await editor.locator('.fjs-form-container').boundingBox();
  if (!from || !to) throw new Error('the form editor is not visible');
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(to.x + to.width / 2, to.y + 40, { steps: 15 });
  await page.mouse.move(to.x + to.width / 2, to.y + 50, { steps: 5 });
  await page.mouse.up();
  await editor.locator('.fjs-form-field-textfield').waitFor();
}

describe('a process drawn, test-run and deployed in the modeler', () => {
  let analyst: Page;
  let modeler: ModelerPage;
  let key = '';
  let fieldKey = '';
  let review = '';

  beforeAll(async () => {
    analyst = await signIn({ browser, flowcard }, 'analyst@demo.local');
    modeler = new ModelerPage(analyst);
  });

  afterAll(async () => {
    await analyst?.context().close();
  });

  it('draws it with a form, runs it in the simulator and deploys it', async () => {
    await analyst.click('nav a:text("Modeler")');
    await analyst.waitForSelector('.djs-palette .entry');
    const start = await modeler.place('create.flowcard.startEvent', 120, 250);
    const call = await modeler.place('create.flowcard.action.createCall', 300, 250);
    review = await modeler.place('create.flowcard.userTask', 500, 250);
    const end = await modeler.place('create.flowcard.endEvent', 700, 250);

    // Unconnected and without a subject, the simulator refuses it and says where.
    await analyst.click('button:text("Test run")');
    await analyst.click('[data-testid="test-run-start"]');
    const refused = analyst.locator('[data-testid="test-run-errors"]');
    await refused.waitFor();
    expect(await refused.locator(`li${shape(call)}`).count()).toBeGreaterThan(0);
    expect(await analyst.getAttribute(`${canvas} .djs-shape${shape(call)}`, 'class')).toContain(
      'fc-problem',
    );

    await modeler.connect(start, call);
    await modeler.connect(call, review);
    await modeler.connect(review, end);
    await modeler.select(call);
    await modeler.setProperty('flowcard-action-subject', 'Welcome the new client');

    await modeler.select(review);
    await modeler.setProperty('flowcard-taskDefinition-candidateRole', 'manager');
    await analyst.click('#bio-properties-panel-flowcard-form-edit');
    await addTextField(analyst);
    await analyst.screenshot({ path: join(artifacts, 'modeler-form-editor.png') });
    await analyst.click('[data-testid="form-editor-save"]');
    const summary = analyst.locator('[data-entry-id="flowcard-form-edit"] p');
    await eventually(async () => /The form sets textfield_/.test(await summary.innerText()));
    fieldKey = /The form sets (\w+)\./.exec(await summary.innerText())?.[1] ?? '';

    // The user task's answer is prefilled from its form; the run plays to the end.
    await analyst.click('button:text("Test run")');
    const answer = analyst.locator(`[data-testid="test-run-answer-${review}"]`);
    expect(await answer.locator('input[name="variable-name"]').inputValue()).toBe(fieldKey);
    await answer.locator('input[name="variable-value"]').fill('Call on Monday');
    // A start variable that is no variable name is refused before anything is sent.
    const startVariables = analyst.locator('[data-testid="test-run-variables"]');
    await startVariables.locator('button:text("Add variable")').click();
    await startVariables.locator('input[name="variable-name"]').fill('1st');
    await analyst.click('[data-testid="test-run-start"]');
    await analyst.waitForSelector('[data-testid="test-run"] p.error:text("Not a variable name")');
    expect(await analyst.locator('[data-testid="test-run-counter"]').count()).toBe(0);
    await startVariables.locator('input[name="variable-name"]').fill('');
    await analyst.click('[data-testid="test-run-start"]');
    const counter = analyst.locator('[data-testid="test-run-counter"]');
    await counter.waitFor();
    await eventually(
      async () =>
        (await counter.getAttribute('data-step')) === (await counter.getAttribute('data-steps')),
    );
    expect(await analyst.getAttribute(`${canvas} .djs-shape${shape(end)}`, 'class')).toContain(
      'fc-sim-current',
    );
    for (const visited of [start, call, review]) {
      expect(
        await analyst.getAttribute(`${canvas} .djs-shape${shape(visited)}`, 'class'),
      ).toContain('fc-sim-visited');
    }
    expect(
      await analyst.getAttribute('[data-testid="test-run-status"]', 'data-stopped-because'),
    ).toBe('ended');
    expect(await analyst.locator('[data-testid="test-run-errors"]').count()).toBe(0);
    expect(await analyst.locator(`${canvas} .fc-problem`).count()).toBe(0);
    const wouldCall = analyst.locator(
      `[data-testid="test-run-effects"] li[data-effect-type="createActivity"]${shape(call)}`,
    );
    expect(await wouldCall.innerText()).toContain('Plan a call “Welcome the new client”');
    expect(
      await analyst
        .locator(
          `[data-testid="test-run-effects"] li[data-effect-type="openUserTask"]${shape(review)}`,
        )
        .count(),
    ).toBe(1);
    expect(JSON.parse(await analyst.innerText('[data-testid="test-run-step-variables"]'))).toEqual({
      [fieldKey]: 'Call on Monday',
    });
    await analyst.screenshot({ path: join(artifacts, 'modeler-test-run.png') });
    await analyst.click('button:text("Deploy")');
    const deployed = analyst.locator('[data-testid="modeler-result"] p.ok');
    await deployed.waitFor();
    key = (await deployed.getAttribute('data-key')) ?? '';
    await analyst.screenshot({ path: join(artifacts, 'modeler-run-deployed.png') });
    const token = await flowcard.login('analyst@demo.local');
    const [summaryRow] = (await flowcard.api(token, 'GET', `/api/process-definitions?key=${key}`))
      .body;
    const definition = await flowcard.api(
      token,
      'GET',
      `/api/process-definitions/${summaryRow.id}`,
    );
    expect(definition.body.bpmnXml).toContain('<flowcard:formDefinition>');
  });

  it('shows where the running instances wait before deploying the next version', async () => {
    const manager = await flowcard.login('manager@demo.local');
    const client = await flowcard.api(manager, 'POST', '/api/clients', {
      kind: 'person',
      name: 'Form Filler',
    });
    const started = await flowcard.api(manager, 'POST', '/api/process-instances', {
      definitionKey: key,
      clientId: client.body.id,
    });
    expect(started.status).toBe(201);
    await eventually(async () => {
      const listed = await flowcard.api(manager, 'GET', `/api/tasks?instanceId=${started.body.id}`);
      return listed.body.items?.length ? listed.body.items : null;
    });

    await analyst.click('[data-testid="test-run"] button:text("Close")');
    // Unchanged, the next version keeps the element the instance waits on.
    await analyst.click('button:text("Deploy")');
    const impact = analyst.locator('[data-testid="impact"]');
    await impact.waitFor();
    const row = impact.locator(`tr${shape(review)}`);
    expect(await row.getAttribute('data-change')).toBe('unchanged');
    expect(await row.locator('td').nth(1).innerText()).toBe('1');
    expect(await analyst.innerText(`[data-container-id="${review}"] .fc-impact-badge`)).toBe('1');
    expect(await impact.innerText()).toContain('None would be stranded');
    await analyst.screenshot({ path: join(artifacts, 'modeler-impact.png') });
    await impact.locator('button:text("Cancel")').click();
    await analyst.waitForSelector('[data-testid="modeler-result"] p:text("Not deployed.")');
    expect(await analyst.locator(`${canvas} .fc-impact-badge`).count()).toBe(0);

    // Renamed, the review is gone from the next version: the waiting instance is stranded.
    await modeler.select(review);
    await analyst.click('[data-group-id="group-general"] .bio-properties-panel-group-header');
    await modeler.setProperty('id', 'Task_Review');
    await analyst.click('button:text("Deploy")');
    await impact.waitFor();
    expect(await impact.locator(`tr${shape(review)}`).getAttribute('data-change')).toBe('removed');
    expect(await impact.locator('[data-testid="impact-stranded"]').innerText()).toContain(
      '1 instance would be stranded',
    );
    await analyst.screenshot({ path: join(artifacts, 'modeler-impact-stranded.png') });
    await impact.locator('button:text("Cancel")').click();
    const versions = await flowcard.api(manager, 'GET', `/api/process-definitions?key=${key}`);
    expect(versions.body).toHaveLength(1);

    // The deployed version opens in the modeler with its form, which opens in the form editor.
    await analyst.click('nav a:text("Definitions")');
    await analyst.click(`[data-testid="definitions"] a:text("${key}")`);
    await analyst.click('a:text("Edit in the modeler")');
    await analyst.waitForSelector(`h2:text("Edit ${key} (from v1)")`);
    await analyst.waitForSelector(`${canvas} .djs-shape${shape(review)}`);
    await modeler.select(review);
    expect(await analyst.innerText('[data-entry-id="flowcard-form-edit"] p')).toBe(
      `The form sets ${fieldKey}.`,
    );
    await analyst.click('#bio-properties-panel-flowcard-form-edit');
    const editor = analyst.locator('[data-testid="form-editor"]');
    await editor.locator('.fjs-form-field-textfield').waitFor();
    await analyst.click('.fc-form-dialog button:text("Cancel")');
    await editor.waitFor({ state: 'detached' });
  });

  it('lets a manager complete the task through its form', async () => {
    const manager = await signIn({ browser, flowcard }, 'manager@demo.local');
    const token = await flowcard.login('manager@demo.local');
    const [definitionRow] = (
      await flowcard.api(token, 'GET', `/api/process-definitions?key=${key}`)
    ).body;
    const instances = await flowcard.api(
      token,
      'GET',
      `/api/process-instances?definitionKey=${key}`,
    );
    expect(definitionRow.version).toBe(1);
    const instanceId = instances.body.items[0].id;
    const [task] = (await flowcard.api(token, 'GET', `/api/tasks?instanceId=${instanceId}`)).body
      .items;

    await manager.click('nav a:text("Tasks")');
    const link = manager.locator(`[data-testid="group-tasks"] tr[data-id="${task.id}"] a`);
    await link.click();
    const detail = manager.locator('[data-testid="task-detail"]');
    const form = detail.locator('[data-testid="task-form"]');
    await form.locator('input').waitFor();
    expect(await detail.locator('[data-testid="task-variables"]').count()).toBe(0);
    await form.getByLabel('Text field').fill('Call on Monday');
    await manager.screenshot({ path: join(artifacts, 'tasks-form.png') });
    await detail.locator('button:text("Complete task")').click();
    // The live event of its completion closes the task for everyone, this manager too.
    await detail.locator('p:text("This task was completed.")').waitFor();

    const completed = await flowcard.api(token, 'GET', `/api/tasks/${task.id}`);
    expect(completed.body.status).toBe('completed');
    expect(completed.body.completionVariables).toEqual({ [fieldKey]: 'Call on Monday' });
    await eventually(async () => {
      const instance = await flowcard.api(token, 'GET', `/api/process-instances/${instanceId}`);
      return instance.body.status === 'completed';
    });
    await manager.context().close();
  });
});

describe('an element replaced in the modeler', () => {
  let analyst: Page;
  let modeler: ModelerPage;

  beforeAll(async () => {
    analyst = await signIn({ browser, flowcard }, 'analyst@demo.local');
    modeler = new ModelerPage(analyst);
  });

  afterAll(async () => {
    await analyst?.context().close();
  });

  /** The diagram as the modeler would download it. */
  async function downloadedXml(): Promise<string> {
    const [download] = await Promise.all([
      analyst.waitForEvent('download'),
      analyst.click('button:text("Download XML")'),
    ]);
    return readFileSync(await download.path(), 'utf8');
  }

  it('drops what only a user task reads when it becomes a manual task, which deploys', async () => {
    await analyst.click('nav a:text("Modeler")');
    await analyst.waitForSelector('.djs-palette .entry');
    const start = await modeler.place('create.flowcard.startEvent', 120, 250);
    const task = await modeler.place('create.flowcard.userTask', 320, 250);
    const end = await modeler.place('create.flowcard.endEvent', 520, 250);
    await modeler.connect(start, task);
    await modeler.connect(task, end);
    await modeler.select(task);
    await modeler.setProperty('flowcard-taskDefinition-assignee', 'manager@demo.local');
    await analyst.click('#bio-properties-panel-flowcard-form-edit');
    await addTextField(analyst);
    await analyst.click('[data-testid="form-editor-save"]');
    const summary = analyst.locator('[data-entry-id="flowcard-form-edit"] p');
    await eventually(async () => /The form sets textfield_/.test(await summary.innerText()));
    const drawn = await downloadedXml();
    expect(drawn).toContain('<flowcard:taskDefinition assignee="manager@demo.local" />');
    expect(drawn).toContain('<flowcard:formDefinition>');

    await modeler.select(task);
    await modeler.openReplaceMenu();
    await analyst.click('.djs-popup-body [data-id="replace-with-manual-task"]');
    const replaced = analyst.locator(`${canvas} .djs-shape.selected`);
    await replaced.waitFor();
    const manualTask = (await replaced.getAttribute('data-element-id')) ?? '';
    const xml = await downloadedXml();
    expect(xml).toMatch(new RegExp(`<bpmn:manualTask id="${manualTask}"`));
    expect(xml).not.toContain('flowcard:taskDefinition');
    expect(xml).not.toContain('flowcard:formDefinition');
    expect(xml).not.toContain('<bpmn:userTask');
    await analyst.screenshot({ path: join(artifacts, 'modeler-replaced-manual-task.png') });

    await analyst.click('button:text("Deploy")');
    await analyst.locator('[data-testid="modeler-result"] p.ok').waitFor();
    expect(await analyst.locator(`${canvas} .fc-problem`).count()).toBe(0);
  });

  it('drops a multi-instance loop when the new type does not loop', async () => {
    await analyst.goto(`${flowcard.baseUrl}/#/`);
    await analyst.click('nav a:text("Modeler")');
    await analyst.waitForSelector('.djs-palette .entry');
    const task = await modeler.place('create.flowcard.userTask', 320, 250);
    await modeler.openReplaceMenu();
    await analyst.click('.djs-popup-header [data-id="toggle-parallel-mi"]');
    await analyst.keyboard.press('Escape');
    expect(await downloadedXml()).toMatch(/<bpmn:multiInstanceLoopCharacteristics\b/);

    await modeler.select(task);
    await modeler.openReplaceMenu();
    await analyst.click('.djs-popup-body [data-id="replace-with-rule-task"]');
    const xml = await downloadedXml();
    expect(xml).toMatch(/<bpmn:businessRuleTask id="\w+"/);
    expect(xml).not.toMatch(/<bpmn:multiInstanceLoopCharacteristics\b/);
  });
});
