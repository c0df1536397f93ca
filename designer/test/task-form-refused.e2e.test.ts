/**
 * Completing a task in a real browser against the real API and a real Temporal worker when the
 * server judges what the browser let through: a declared output the browser does not type is
 * refused with the server's message on the task's form, the task stays open with everything
 * typed still there, and the corrected value completes it. A form-js time field completes with
 * the offset form-js writes by default.
 */
import { join } from 'node:path';
import { Browser, Page } from 'playwright-core';
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

it('shows the server refusing a value on the form, keeps it all, and completes once corrected', async () => {
  const { instanceId } = await startWith(
    'refused_offer',
    '<bpmn:userTask id="Task_Offer" name="Record the offer"><bpmn:extensionElements>' +
      '<flowcard:taskDefinition candidateRole="manager">' +
      '<flowcard:output name="amount" type="number" required="true" />' +
      '<flowcard:output name="currency" type="string" />' +
      '</flowcard:taskDefinition></bpmn:extensionElements></bpmn:userTask>',
  );
  const task = await openTaskOf(instanceId);
  const manager = await openInBrowser(task.id);
  const form = manager.locator('[data-testid="task-detail"] form[aria-label="Complete the task"]');
  const variables = form.locator('[data-testid="task-variables"]');
  await variables.locator('button:text("Add variable")').click();
  await variables.locator('button:text("Add variable")').click();
  const names = variables.locator('input[name="variable-name"]');
  const values = variables.locator('input[name="variable-value"]');
  await names.nth(0).fill('amount');
  await values.nth(0).fill('12 000');
  await names.nth(1).fill('currency');
  await values.nth(1).fill('EUR');

  // The browser sends the text as typed; the server knows the amount is a number.
  await form.locator('button:text("Complete task")').click();
  const refused = form.locator('p.error[role="status"]');
  await refused.waitFor();
  expect(await refused.innerText()).toBe(
    'Could not complete: "amount" must be a number, got "12 000"',
  );
  await manager.screenshot({ path: join(artifacts, 'task-form-refused.png') });
  const stillOpen = await flowcard.api(token, 'GET', `/api/tasks/${task.id}`);
  expect(stillOpen.body.status).toBe('open');
  expect(
    await names.evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).value)),
  ).toEqual(['amount', 'currency']);
  expect(
    await values.evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).value)),
  ).toEqual(['12 000', 'EUR']);
  expect(await form.locator('button:text("Complete task")').isEnabled()).toBe(true);

  await values.nth(0).fill('12000');
  await form.locator('button:text("Complete task")').click();
  await manager.locator('[data-testid="task-detail"] p:text("This task was completed.")').waitFor();
  await manager.screenshot({ path: join(artifacts, 'task-form-corrected.png') });
  const completed = await flowcard.api(token, 'GET', `/api/tasks/${task.id}`);
  expect(completed.body).toMatchObject({
    status: 'completed',
    completionVariables: { amount: 12000, currency: 'EUR' },
  });
  await eventually(async () => {
    const instance = await flowcard.api(token, 'GET', `/api/process-instances/${instanceId}`);
    return instance.body.status === 'completed';
  });
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
  // Filling the time moves the focus there, which commits the day typed (US format: en-US).
  await taskForm.getByLabel('Meeting day').fill('03/14/2031');
  await taskForm.getByLabel('Meeting time').fill('16:45');
  await taskForm.getByLabel('Meeting time').blur();
  await manager.locator('[data-testid="task-detail"] button:text("Complete task")').click();
  await manager.locator('[data-testid="task-detail"] p:text("This task was completed.")').waitFor();
  const completed = await flowcard.api(token, 'GET', `/api/tasks/${task.id}`);
  expect(completed.body.completionVariables).toEqual({ meetAt: '2031-03-14T16:45+05:30' });
  await manager.context().close();
});
