/**
 * Completing a task in a real browser against the real API and a real Temporal worker: a task
 * that declares outputs shows a typed field per output, checked by the server's own validator
 * in the browser; what the browser cannot know (how much a completion may store) is refused
 * with the server's message on the task's form, the task stays open with everything typed
 * still there, and the corrected value completes it. A form-js time field completes with
 * the offset form-js writes by default, a date and time field set to "No timezone" with the
 * local date and time alone.
 */
import { join } from 'node:path';
import { Browser, Locator, Page } from 'playwright-core';
import { eventually, Flowcard } from '#scripts/lib/in-process';
import { endEvent, linearDiagram, startEvent } from '#test/harness/diagrams';
import { artifacts, signIn, startBrowserApp, stopBrowserApp } from './browser';

jest.setTimeout(180_000);

let flowcard: Flowcard;
let browser: Browser;
let token: string;

beforeAll(async () => {
  ({ flowcard, browser } = await startBrowserApp());
  token = await flowcard.login('manager@demo.local');
});

afterAll(() => stopBrowserApp({ browser, flowcard }));

/** Deploys the process `key` with `task` between its start and end, and starts an instance. */
async function startWith(key: string, task: string): Promise<{ instanceId: string }> {
  const analyst = await flowcard.login('analyst@demo.local');
  const xml = linearDiagram(key, [startEvent('Start'), task, endEvent('End')]);
  const deployed = await flowcard.api(
    analyst,
    'POST',
    '/api/process-definitions',
    xml,
    'application/xml',
  );
  expect(deployed.status).toBe(201);
  const client = await flowcard.api(token, 'POST', '/api/clients', {
    kind: 'person',
    name: `Client of ${key}`,
  });
  const started = await flowcard.api(token, 'POST', '/api/process-instances', {
    definitionKey: key,
    clientId: client.body.id,
  });
  expect(started.status).toBe(201);
  return { instanceId: started.body.id };
}

async function openTaskOf(instanceId: string): Promise<{ id: string }> {
  return eventually(async () => {
    const listed = await flowcard.api(token, 'GET', `/api/tasks?instanceId=${instanceId}`);
    return listed.body.items?.[0];
  });
}

/** The manager's browser on the task, its completion form shown. */
async function openInBrowser(taskId: string, timezoneId?: string): Promise<Page> {
  const manager = await signIn(
    { browser, flowcard },
    'manager@demo.local',
    timezoneId ? { timezoneId, locale: 'en-US' } : {},
  );
  await manager.goto(`${flowcard.baseUrl}/#/tasks/${taskId}`);
  await manager
    .locator('[data-testid="task-detail"] form[aria-label="Complete the task"]')
    .waitFor();
  return manager;
}

/**
 * Lets form-js take what was typed: its date and time field passes a value on to the form from
 * a Preact effect, which runs in a timeout after the next animation frame. Twice: the time's
 * effect can ask for another round.
 */
async function formSettled(page: Page): Promise<void> {
  for (let round = 0; round < 2; round += 1) {
    await page.evaluate(
      () =>
        new Promise<void>((resolve) => requestAnimationFrame(() => setTimeout(() => resolve(), 0))),
    );
  }
}

/**
 * Types a date and time into a form-js date and time field and waits until form-js holds both.
 * The date picker (flatpickr) is attached by an effect after the first render and then set from
 * the form's value, which clears what was typed before it: the date is typed once it is there,
 * and taken when the picker has selected it. Leaving the time field makes form-js read it
 * (Enter does not while its list of times is open).
 */
async function enterDateTime(
  page: Page,
  day: Locator,
  time: Locator,
  dayText: string,
  timeText: string,
): Promise<void> {
  const pickerOf = async () => (await day.elementHandle()) as unknown;
  await page.waitForFunction((input) => '_flatpickr' in (input as object), await pickerOf());
  await formSettled(page);
  await day.fill(dayText);
  await day.press('Enter');
  await page.waitForFunction(
    (input) =>
      (input as { _flatpickr: { selectedDates: Date[] } })._flatpickr.selectedDates.length === 1,
    await pickerOf(),
  );
  await time.fill(timeText);
  await time.blur();
  await formSettled(page);
  expect(await day.inputValue()).toBe(dayText);
  expect(await time.inputValue()).toBe(timeText);
}

it('checks declared outputs in the browser, shows the server refusing one, keeps it all, and completes once corrected', async () => {
  const { instanceId } = await startWith(
    'refused_offer',
    '<bpmn:userTask id="Task_Offer" name="Record the offer"><bpmn:extensionElements>' +
      '<flowcard:taskDefinition candidateRole="manager">' +
      '<flowcard:output name="amount" type="number" required="true" />' +
      '<flowcard:output name="currency" type="string" />' +
      '<flowcard:output name="note" type="string" />' +
      '</flowcard:taskDefinition></bpmn:extensionElements></bpmn:userTask>',
  );
  const task = await openTaskOf(instanceId);
  const manager = await openInBrowser(task.id);
  const form = manager.locator('[data-testid="task-detail"] form[aria-label="Complete the task"]');
  const outputs = form.locator('[data-testid="task-outputs"]');
  await outputs.getByLabel('amount').fill('12 000');
  await outputs.getByLabel('currency').fill('EUR');

  // The browser asks the server's own validator: the amount is not a number, nothing is sent.
  await form.locator('button:text("Complete task")').click();
  const amountProblem = outputs.locator('[data-testid="output-problem-amount"]');
  await amountProblem.waitFor();
  expect(await amountProblem.innerText()).toBe('"amount" must be a number, got "12 000"');
  expect((await flowcard.api(token, 'GET', `/api/tasks/${task.id}`)).body.status).toBe('open');

  // What only the server knows: how much a completion may store.
  const longNote = 'x'.repeat(300_000);
  await outputs.getByLabel('amount').fill('12000');
  await outputs.getByLabel('note').fill(longNote);
  await form.locator('button:text("Complete task")').click();
  const refused = form.locator('p.error[role="status"]');
  await refused.waitFor();
  const sentBytes = JSON.stringify({ amount: 12000, currency: 'EUR', note: longNote }).length;
  expect(await refused.innerText()).toBe(
    `Could not complete: variables is ${sentBytes} bytes as JSON; at most 262144 are allowed`,
  );
  expect(await amountProblem.isHidden()).toBe(true);
  await manager.screenshot({ path: join(artifacts, 'task-form-refused.png') });
  const stillOpen = await flowcard.api(token, 'GET', `/api/tasks/${task.id}`);
  expect(stillOpen.body.status).toBe('open');
  expect(await outputs.getByLabel('amount').inputValue()).toBe('12000');
  expect(await outputs.getByLabel('currency').inputValue()).toBe('EUR');
  expect(await outputs.getByLabel('note').inputValue()).toBe(longNote);
  expect(await form.locator('button:text("Complete task")').isEnabled()).toBe(true);

  await outputs.getByLabel('note').fill('Signed at the fair');
  await form.locator('button:text("Complete task")').click();
  await manager.locator('[data-testid="task-detail"] p:text("This task was completed.")').waitFor();
  await manager.screenshot({ path: join(artifacts, 'task-form-corrected.png') });
  const completed = await flowcard.api(token, 'GET', `/api/tasks/${task.id}`);
  expect(completed.body).toMatchObject({
    status: 'completed',
    completionVariables: { amount: 12000, currency: 'EUR', note: 'Signed at the fair' },
  });
  await eventually(async () => {
    const instance = await flowcard.api(token, 'GET', `/api/process-instances/${instanceId}`);
    return instance.body.status === 'completed';
  });
  await manager.context().close();
});

it('shows a typed field per declared output and completes with typed values', async () => {
  const { instanceId } = await startWith(
    'typed_outputs',
    '<bpmn:userTask id="Task_Deal" name="Close the deal"><bpmn:extensionElements>' +
      '<flowcard:taskDefinition candidateRole="manager">' +
      '<flowcard:output name="amount" type="number" required="true" />' +
      '<flowcard:output name="signed" type="boolean" />' +
      '<flowcard:output name="signedOn" type="date" required="true" />' +
      '<flowcard:output name="callAt" type="time" />' +
      '<flowcard:output name="meetAt" type="dateTime" />' +
      '<flowcard:output name="note" type="string" />' +
      '</flowcard:taskDefinition></bpmn:extensionElements></bpmn:userTask>',
  );
  const task = await openTaskOf(instanceId);
  // A zone without summer time, so the offset of the date and time is known.
  const manager = await openInBrowser(task.id, 'Asia/Kolkata');
  const outputs = manager.locator('[data-testid="task-outputs"]');
  expect(await manager.locator('[data-testid="task-variables"]').count()).toBe(0);
  const typeOf = (name: string) =>
    outputs.locator(`[name="${name}"]`).evaluate((input) => {
      const element = input as HTMLInputElement;
      return `${element.type}/${element.inputMode}/${element.getAttribute('aria-required')}`;
    });
  expect(await typeOf('amount')).toBe('text/decimal/true');
  expect(await typeOf('signed')).toBe('checkbox//false');
  expect(await typeOf('signedOn')).toBe('date//true');
  expect(await typeOf('callAt')).toBe('time//false');
  expect(await typeOf('meetAt')).toBe('datetime-local//false');
  expect(await typeOf('note')).toBe('text//false');
  expect(await outputs.locator('label:has(.required)').allInnerTexts()).toEqual([
    'amount *',
    'signedOn *',
  ]);

  // A required field left empty is named beside it, as the server would name it.
  await outputs.getByLabel('amount').fill('1500.5');
  await manager.locator('[data-testid="task-detail"] button:text("Complete task")').click();
  const signedOnProblem = outputs.locator('[data-testid="output-problem-signedOn"]');
  await signedOnProblem.waitFor();
  expect(await signedOnProblem.innerText()).toBe('"signedOn" is required');

  await outputs.getByLabel('signed', { exact: true }).check();
  await outputs.getByLabel('signedOn').fill('2031-03-14');
  await outputs.getByLabel('callAt').fill('09:30');
  await outputs.getByLabel('meetAt').fill('2031-03-14T16:45');
  await manager.screenshot({ path: join(artifacts, 'task-form-outputs.png') });
  await manager.locator('[data-testid="task-detail"] button:text("Complete task")').click();
  await manager.locator('[data-testid="task-detail"] p:text("This task was completed.")').waitFor();
  const instance = await eventually(async () => {
    const read = await flowcard.api(token, 'GET', `/api/process-instances/${instanceId}`);
    return read.body.status === 'completed' && read.body;
  });
  expect(instance.variables).toMatchObject({
    amount: 1500.5,
    signed: true,
    signedOn: '2031-03-14',
    callAt: '09:30',
    meetAt: '2031-03-14T11:15:00.000Z',
  });
  expect(instance.variables).not.toHaveProperty('note');
  await manager.context().close();
});

it('completes a form-js time field with the offset form-js writes', async () => {
  // What the form-js editor writes for a time field: its default format is "UTC offset".
  const form = {
    type: 'default',
    id: 'Form_CallBack',
    components: [
      { type: 'textfield', key: 'topic', label: 'Topic', validate: { required: true } },
      {
        type: 'datetime',
        key: 'callAt',
        subtype: 'time',
        timeLabel: 'Call at',
        timeSerializingFormat: 'utc_offset',
        timeInterval: 15,
        use24h: true,
      },
    ],
  };
  const { instanceId } = await startWith(
    'call_back_time',
    '<bpmn:userTask id="Task_CallBack" name="Agree a call back"><bpmn:extensionElements>' +
      '<flowcard:taskDefinition candidateRole="manager" />' +
      `<flowcard:formDefinition>${JSON.stringify(form)}</flowcard:formDefinition>` +
      '</bpmn:extensionElements></bpmn:userTask>',
  );
  const task = await openTaskOf(instanceId);
  // A zone without summer time, so the offset form-js adds is known.
  const manager = await openInBrowser(task.id, 'Asia/Kolkata');
  const taskForm = manager.locator('[data-testid="task-form"]');
  await taskForm.getByLabel('Topic').fill('Renewal');
  await taskForm.getByLabel('Call at').fill('09:30');
  await taskForm.getByLabel('Call at').blur();
  await formSettled(manager);
  await manager.screenshot({ path: join(artifacts, 'task-form-time.png') });
  await manager.locator('[data-testid="task-detail"] button:text("Complete task")').click();
  await manager.locator('[data-testid="task-detail"] p:text("This task was completed.")').waitFor();
  const completed = await flowcard.api(token, 'GET', `/api/tasks/${task.id}`);
  expect(completed.body.completionVariables).toEqual({ topic: 'Renewal', callAt: '09:30+05:30' });
  await manager.context().close();
});

it('completes a form-js date and time field that names no time format, with its offset', async () => {
  // As Camunda's own forms may come: without timeSerializingFormat, form-js would write the
  // local time alone ("2031-03-14T16:45"), which names no moment and the server refuses.
  const form = {
    type: 'default',
    id: 'Form_Meeting',
    components: [
      {
        type: 'datetime',
        key: 'meetAt',
        subtype: 'datetime',
        dateLabel: 'Meeting day',
        timeLabel: 'Meeting time',
        use24h: true,
      },
    ],
  };
  const { instanceId } = await startWith(
    'meeting_date_time',
    '<bpmn:userTask id="Task_Meeting" name="Plan the meeting"><bpmn:extensionElements>' +
      '<flowcard:taskDefinition candidateRole="manager" />' +
      `<flowcard:formDefinition>${JSON.stringify(form)}</flowcard:formDefinition>` +
      '</bpmn:extensionElements></bpmn:userTask>',
  );
  const task = await openTaskOf(instanceId);
  const manager = await openInBrowser(task.id, 'Asia/Kolkata');
  const taskForm = manager.locator('[data-testid="task-form"]');
  // The day as the en-US locale writes it, which the picker shows back.
  await enterDateTime(
    manager,
    taskForm.getByLabel('Meeting day'),
    taskForm.getByLabel('Meeting time'),
    '3/14/2031',
    '16:45',
  );
  await manager.locator('[data-testid="task-detail"] button:text("Complete task")').click();
  await manager.locator('[data-testid="task-detail"] p:text("This task was completed.")').waitFor();
  const completed = await flowcard.api(token, 'GET', `/api/tasks/${task.id}`);
  expect(completed.body.completionVariables).toEqual({ meetAt: '2031-03-14T16:45+05:30' });
  await manager.context().close();
});

it('completes a form-js date and time field set to "No timezone" with the local date and time', async () => {
  // Camunda keeps such a value as the text form-js writes, a local date and time without offset.
  const form = {
    type: 'default',
    id: 'Form_Visit',
    components: [
      {
        type: 'datetime',
        key: 'visitAt',
        subtype: 'datetime',
        dateLabel: 'Visit day',
        timeLabel: 'Visit time',
        timeSerializingFormat: 'no_timezone',
        use24h: true,
      },
    ],
  };
  const { instanceId } = await startWith(
    'visit_local_date_time',
    '<bpmn:userTask id="Task_Visit" name="Plan the visit"><bpmn:extensionElements>' +
      '<flowcard:taskDefinition candidateRole="manager" />' +
      `<flowcard:formDefinition>${JSON.stringify(form)}</flowcard:formDefinition>` +
      '</bpmn:extensionElements></bpmn:userTask>',
  );
  const task = await openTaskOf(instanceId);
  const manager = await openInBrowser(task.id, 'Asia/Kolkata');
  const taskForm = manager.locator('[data-testid="task-form"]');
  await enterDateTime(
    manager,
    taskForm.getByLabel('Visit day'),
    taskForm.getByLabel('Visit time'),
    '3/14/2031',
    '16:45',
  );
  await manager.locator('[data-testid="task-detail"] button:text("Complete task")').click();
  await manager.locator('[data-testid="task-detail"] p:text("This task was completed.")').waitFor();
  const completed = await flowcard.api(token, 'GET', `/api/tasks/${task.id}`);
  expect(completed.body.completionVariables).toEqual({ visitAt: '2031-03-14T16:45' });
  const instance = await eventually(async () => {
    const read = await flowcard.api(token, 'GET', `/api/process-instances/${instanceId}`);
    return read.body.status === 'completed' && read.body;
  });
  expect(instance.variables.visitAt).toBe('2031-03-14T16:45');
  await manager.context().close();
});
