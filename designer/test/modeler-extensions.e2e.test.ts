/**
 * What the compiler reads beyond plain BPMN, set in the modeler of a real browser against the
 * real API and a real Temporal worker: a multi-instance user task's collections, order and
 * completion condition, the message and signal a catch event or receive task waits for and its
 * correlation key, typed in the properties panel; a wrong FEEL expression shows in the live lint
 * and the server refuses it on the element, and once right the deployed XML holds exactly what
 * was typed. Then a boundary timer and an event subprocess switched to non-interrupting in the
 * replace menu, deployed and run: the user task stays open while both fire.
 */
import { join } from 'node:path';
import { BpmnModdle } from 'bpmn-moddle';
import { Browser, Page } from 'playwright-core';
import { eventually, Flowcard } from '#scripts/lib/in-process';
import type { BpmnElement } from '#workflows/bpmn/bpmn-element';
import flowcardDescriptor from '#workflows/bpmn/flowcard.json';
import { artifacts, signIn, startBrowserApp, stopBrowserApp } from './browser';
import { canvas, ModelerPage, shape } from './modeler-page';

jest.setTimeout(180_000);

let flowcard: Flowcard;
let browser: Browser;
let analyst: Page;
let modeler: ModelerPage;
let token: string;

beforeAll(async () => {
  ({ flowcard, browser } = await startBrowserApp());
  analyst = await signIn({ browser, flowcard }, 'analyst@demo.local');
  modeler = new ModelerPage(analyst);
  token = await flowcard.login('manager@demo.local');
});

afterAll(() => stopBrowserApp({ browser, flowcard }));

async function openModeler(): Promise<void> {
  await analyst.click('nav a:text("Modeler")');
  await analyst.waitForSelector('.djs-palette .entry');
}

/** The deployed versions of `key`, newest first. */
async function versionsOf(key: string): Promise<{ id: string }[]> {
  return (await flowcard.api(token, 'GET', `/api/process-definitions?key=${key}`)).body;
}

interface Deployed {
  /** The elements of the deployed XML by id, as the compiler reads them. */
  elements: Map<string, BpmnElement>;
  /** The model the server compiled it to, node by id. */
  nodes: Record<string, Record<string, unknown>>;
}

async function latestDeployed(key: string): Promise<Deployed> {
  const [latest] = await versionsOf(key);
  const definition = await flowcard.api(token, 'GET', `/api/process-definitions/${latest.id}`);
  const { rootElement } = await BpmnModdle({ flowcard: flowcardDescriptor }).fromXML(
    definition.body.bpmnXml,
  );
  const elements = new Map<string, BpmnElement>();
  const collect = (container: BpmnElement) => {
    for (const element of container.flowElements ?? []) {
      elements.set(element.id ?? '', element);
      collect(element);
    }
  };
  for (const root of (rootElement as BpmnElement).rootElements ?? []) collect(root);
  return { elements, nodes: definition.body.model.nodes };
}

function extensionOf(element: BpmnElement | undefined, type: string): BpmnElement | undefined {
  return element?.extensionElements?.values?.find((extension) => extension.$type === type);
}

/** The errors bpmn-js-bpmnlint shows beside the element. */
function lintErrors(elementId: string): Promise<string[]> {
  return analyst.$$eval(
    `[data-container-id="${elementId}"] .bjsl-overlay li.error .message`,
    (messages) => messages.map((message) => message.textContent?.trim() ?? ''),
  );
}

/** The problems the server named on the element, as its badge lists them. */
async function serverProblems(elementId: string): Promise<string[]> {
  const title = await analyst.getAttribute(
    `[data-container-id="${elementId}"] .fc-problem-badge`,
    'title',
  );
  return (title ?? '').split('\n');
}

describe('multi-instance and subscriptions in the properties panel', () => {
  it('lints and refuses wrong FEEL on the element, then deploys exactly what was typed', async () => {
    await openModeler();
    const start = await modeler.place('create.flowcard.startEvent', 160, 180);
    const review = await modeler.place('create.flowcard.userTask', 300, 180);
    const signed = await modeler.place('create.flowcard.messageCatch', 460, 180);
    const paid = await modeler.place('create.flowcard.receiveTask', 600, 180);
    const tariffs = await modeler.place('create.flowcard.signalCatch', 760, 180);
    const end = await modeler.place('create.flowcard.endEvent', 900, 180);
    const path = [start, review, signed, paid, tariffs, end];
    for (const [index, source] of path.slice(0, -1).entries()) {
      await modeler.connect(source, path[index + 1]);
    }

    await modeler.replaceMenu(review, 'toggle-parallel-mi');
    await modeler.setProperty('flowcard-loop-inputCollection', '=reviewers');
    await modeler.setProperty('flowcard-loop-inputElement', 'reviewer');
    await modeler.setProperty('flowcard-loop-outputCollection', 'answers');
    await modeler.setProperty('flowcard-loop-outputElement', '=answer');
    await modeler.openGroup('multiInstance');
    await modeler.setProperty('completionCondition', '=count(answers) >=');
    // One after the other instead: what was typed stays.
    await modeler.replaceMenu(review, 'toggle-sequential-mi');
    expect(await modeler.property('flowcard-loop-inputCollection')).toBe('=reviewers');
    expect(await modeler.property('completionCondition')).toBe('=count(answers) >=');

    await modeler.select(signed);
    await modeler.openGroup('message');
    await modeler.chooseProperty('messageRef', 'create-new');
    await modeler.setProperty('messageName', 'Contract signed');
    await modeler.setProperty('flowcard-subscription-correlationKey', '=contractNumber +');

    await modeler.select(paid);
    await modeler.openGroup('message');
    await modeler.chooseProperty('messageRef', 'create-new');
    await modeler.setProperty('messageName', 'Payment received');
    await modeler.setProperty('flowcard-subscription-correlationKey', '=invoice.number');

    await modeler.select(tariffs);
    await modeler.openGroup('signal');
    await modeler.chooseProperty('signalRef', 'create-new');
    await modeler.setProperty('signalName', 'Tariffs changed');

    // The live lint names both wrong expressions on their elements, before any deploy.
    await analyst.waitForSelector('[data-testid="lint-count"][data-errors="2"]');
    const [reviewLint] = await lintErrors(review);
    const [signedLint] = await lintErrors(signed);
    expect(reviewLint).toMatch(/^completionCondition: FEEL syntax error/);
    expect(signedLint).toMatch(/^correlationKey: FEEL syntax error/);
    await analyst.screenshot({ path: join(artifacts, 'modeler-extensions-lint.png') });

    // The server refuses the same, on the same elements.
    await analyst.click('button:text("Deploy")');
    const refused = analyst.locator('[data-testid="deploy-errors"]');
    await refused.waitFor();
    expect(await refused.locator('li').count()).toBe(2);
    expect(await serverProblems(review)).toEqual([reviewLint]);
    expect(await serverProblems(signed)).toEqual([signedLint]);
    for (const wrong of [review, signed]) {
      expect(await analyst.getAttribute(`${canvas} .djs-shape${shape(wrong)}`, 'class')).toContain(
        'fc-problem',
      );
    }
    await analyst.screenshot({ path: join(artifacts, 'modeler-extensions-refused.png') });

    await modeler.select(review);
    await modeler.openGroup('multiInstance');
    await modeler.setProperty('completionCondition', '=count(answers) >= 2');
    await modeler.select(signed);
    await modeler.setProperty('flowcard-subscription-correlationKey', '=contractNumber');
    await analyst.waitForSelector('[data-testid="lint-count"][data-errors="0"]');
    const key = await modeler.deploy();
    expect(await analyst.locator(`${canvas} .fc-problem`).count()).toBe(0);
    await analyst.screenshot({ path: join(artifacts, 'modeler-extensions-deployed.png') });
    // The refused attempt left no version behind.
    expect(await versionsOf(key)).toHaveLength(1);

    const { elements, nodes } = await latestDeployed(key);
    const loop = elements.get(review)?.loopCharacteristics;
    expect(loop?.$type).toBe('bpmn:MultiInstanceLoopCharacteristics');
    expect(loop?.isSequential).toBe(true);
    expect(loop?.completionCondition?.body).toBe('=count(answers) >= 2');
    expect(extensionOf(loop, 'flowcard:LoopCharacteristics')).toMatchObject({
      inputCollection: '=reviewers',
      inputElement: 'reviewer',
      outputCollection: 'answers',
      outputElement: '=answer',
    });
    const [signedDefinition] = elements.get(signed)?.eventDefinitions ?? [];
    expect(signedDefinition.messageRef?.name).toBe('Contract signed');
    expect(extensionOf(elements.get(signed), 'flowcard:Subscription')?.correlationKey).toBe(
      '=contractNumber',
    );
    expect(elements.get(paid)?.messageRef?.name).toBe('Payment received');
    expect(extensionOf(elements.get(paid), 'flowcard:Subscription')?.correlationKey).toBe(
      '=invoice.number',
    );
    const [tariffsDefinition] = elements.get(tariffs)?.eventDefinitions ?? [];
    expect(tariffsDefinition.signalRef?.name).toBe('Tariffs changed');

    // And the compiler read them so.
    expect(nodes[review].multiInstance).toEqual({
      sequential: true,
      inputCollection: 'reviewers',
      inputElement: 'reviewer',
      outputCollection: 'answers',
      outputElement: 'answer',
      completionCondition: 'count(answers) >= 2',
    });
    expect(nodes[signed]).toMatchObject({
      kind: 'messageCatch',
      messageName: 'Contract signed',
      correlationKey: '=contractNumber',
    });
    expect(nodes[paid]).toMatchObject({
      kind: 'receiveTask',
      messageName: 'Payment received',
      correlationKey: '=invoice.number',
    });
    expect(nodes[tariffs]).toMatchObject({ kind: 'signalCatch', signalName: 'Tariffs changed' });
  });
});

describe('the non-interrupting toggle of the replace menu', () => {
  it('deploys a boundary timer and an event subprocess that leave the user task open', async () => {
    await openModeler();
    const start = await modeler.place('create.flowcard.startEvent', 160, 150);
    const review = await modeler.place('create.flowcard.userTask', 340, 150);
    const end = await modeler.place('create.flowcard.endEvent', 540, 150);
    await modeler.connect(start, review);
    await modeler.connect(review, end);
    await modeler.select(review);
    await modeler.setProperty('flowcard-taskDefinition-candidateRole', 'manager');

    const reminder = await modeler.attach('create.flowcard.boundaryTimer', review);
    const reminded = await modeler.place('create.flowcard.endEvent', 500, 280);
    await modeler.connect(reminder, reminded);
    await modeler.select(reminder);
    await modeler.setProperty('flowcard-timer-duration', 'PT1S');
    await modeler.replaceMenu(reminder, 'toggle-non-interrupting');

    await modeler.place('create.flowcard.eventSubProcess', 420, 480);
    const every = await modeler.place('create.flowcard.timerStart', 300, 480);
    const noted = await modeler.place('create.flowcard.endEvent', 520, 480);
    await modeler.connect(every, noted);
    await modeler.select(every);
    await modeler.setProperty('flowcard-timer-duration', 'PT1S');
    await modeler.replaceMenu(every, 'toggle-non-interrupting');

    await analyst.waitForSelector('[data-testid="lint-count"][data-errors="0"]');
    await analyst.screenshot({ path: join(artifacts, 'modeler-non-interrupting.png') });
    const key = await modeler.deploy();

    const { elements, nodes } = await latestDeployed(key);
    expect(elements.get(reminder)?.cancelActivity).toBe(false);
    expect(elements.get(every)?.isInterrupting).toBe(false);
    expect(nodes[reminder]).toMatchObject({ kind: 'boundaryTimer', cancelActivity: false });
    const eventSubProcess = Object.values(nodes).find((node) => node.kind === 'eventSubProcess');
    expect(eventSubProcess).toMatchObject({ interrupting: false });

    const client = await flowcard.api(token, 'POST', '/api/clients', {
      kind: 'person',
      name: 'Patient Reviewer',
    });
    const started = await flowcard.api(token, 'POST', '/api/process-instances', {
      definitionKey: key,
      clientId: client.body.id,
    });
    expect(started.status).toBe(201);
    const instanceId = started.body.id;
    // Both timers fire and run their paths to the end...
    const card = await eventually(async () => {
      const read = await flowcard.api(token, 'GET', `/api/process-instances/${instanceId}`);
      const completed = read.body.events
        .filter((event: { type: string }) => event.type === 'element.completed')
        .map((event: { elementId: string }) => event.elementId);
      return completed.includes(reminded) && completed.includes(noted) ? read.body : null;
    });
    // ...and the task they were attached to or ran beside is still open.
    expect(card.status).toBe('running');
    expect(
      card.events.filter(
        (event: { type: string; elementId: string }) =>
          event.type === 'element.terminated' && event.elementId === review,
      ),
    ).toEqual([]);
    const [task] = (await flowcard.api(token, 'GET', `/api/tasks?instanceId=${instanceId}`)).body
      .items;
    expect(task).toMatchObject({ elementId: review, status: 'open' });

    await analyst.goto(`${flowcard.baseUrl}/#/instances/${instanceId}`);
    const map = '[data-testid="instance-diagram"]';
    await eventually(async () =>
      ((await analyst.getAttribute(`${map} .djs-element${shape(review)}`, 'class')) ?? '').includes(
        'fc-active',
      ),
    );
    expect(await analyst.getAttribute(`${map} .djs-element${shape(reminded)}`, 'class')).toContain(
      'fc-completed',
    );
    await analyst.screenshot({ path: join(artifacts, 'modeler-non-interrupting-instance.png') });

    const completed = await flowcard.api(token, 'POST', `/api/tasks/${task.id}/complete`, {
      variables: {},
    });
    expect(completed.status).toBe(200);
    await eventually(async () => {
      const read = await flowcard.api(token, 'GET', `/api/process-instances/${instanceId}`);
      return read.body.status === 'completed';
    });
  });
});
