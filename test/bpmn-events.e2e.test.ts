/**
 * Message boundary and end events, boundary timer cycles, and signal and timer start events,
 * run through the app on the real Temporal server and Postgres. The tests read the path taken
 * (the instance's element events) and the side effects back through the API.
 */
import { Client as TemporalClient, Connection, ScheduleNotFoundError } from '@temporalio/client';
import {
  completedElements,
  postDiagram,
  startedElements,
  terminatedElements,
  useBpmnFlowcard,
} from './harness/bpmn';
import { endEvent, linearDiagram, startEvent, userTask } from './harness/diagrams';
import { eventually } from './harness';

jest.setTimeout(90_000);

const {
  flowcard,
  tokens,
  as,
  deployFixture: deploy,
  createClient,
  startInstance,
  instanceCard,
  ended,
  openTask,
  completeTask,
  activitiesOf,
} = useBpmnFlowcard();

const adminCard = async (instanceId: string) =>
  (await as('admin', 'GET', `/api/process-instances/${instanceId}`)).body;

/** Resolves once the instance has started the element (and so waits there). */
const reached = (instanceId: string, elementId: string) =>
  eventually(async () => startedElements((await adminCard(instanceId)).events).includes(elementId));

const sendMessage = (name: string, correlationKey: string, variables = {}) =>
  as('manager', 'POST', '/api/messages', { name, correlationKey, variables });

/**
 * The instances of a process key, oldest first, as an admin sees them: a process a schedule or
 * a thrown signal started has no client and nobody who started it, so only admins see it.
 */
async function instancesOf(key: string) {
  const response = await as('admin', 'GET', `/api/process-instances?definitionKey=${key}`);
  expect(response.status).toBe(200);
  return (response.body.items as { id: string; status: string; variables: object }[]).reverse();
}

describe('message boundary events and message end events', () => {
  const deployOrders = () => deploy('element-message-boundary.bpmn');

  it('non-interrupting, plan each change and keep the task open; interrupting, cancel it', async () => {
    const definitionId = await deployOrders();
    const clientId = await createClient('Changing Orders Ltd');
    const otherClientId = await createClient('Steady Orders Ltd');
    const instanceId = await startInstance(definitionId, clientId, { clientId });
    const otherId = await startInstance(definitionId, otherClientId, { clientId: otherClientId });
    const task = await openTask(instanceId, 'Prepare order');
    await openTask(otherId, 'Prepare order');

    const change = await sendMessage('order-change-requested', clientId, { change: 'blue' });
    expect(change.status).toBe(200);
    expect(change.body).toEqual({
      outcome: 'delivered',
      instanceId,
      elementId: 'Boundary_Change',
      status: 'running',
      started: false,
      expiresAt: null,
    });
    await sendMessage('order-change-requested', clientId, { change: 'red' });
    expect(await activitiesOf(clientId, instanceId)).toEqual([
      'task: Change: blue',
      'task: Change: red',
    ]);
    expect((await openTask(instanceId, 'Prepare order')).id).toBe(task.id);

    const cancelled = await sendMessage('order-cancelled', clientId, { reason: 'too late' });
    expect(cancelled.body).toMatchObject({ instanceId, elementId: 'Boundary_Cancelled' });
    const card = await ended(instanceId);
    expect(card.status).toBe('completed');
    expect(card.variables).toEqual({ clientId, change: 'red', reason: 'too late' });
    expect(terminatedElements(card.events)).toEqual(['Task_Prepare']);
    expect(completedElements(card.events)).toEqual([
      'Start',
      'Boundary_Change',
      'Task_Change',
      'End_Changed',
      'Boundary_Change',
      'Task_Change',
      'End_Changed',
      'Boundary_Cancelled',
      'End_Cancelled',
    ]);
    // The cancellation's waits are closed: a second one reaches nothing.
    expect((await sendMessage('order-cancelled', clientId)).status).toBe(404);
    // The key told the clients apart.
    expect(await activitiesOf(otherClientId, otherId)).toEqual([]);
    expect((await instanceCard(otherId)).status).toBe('running');
  });

  it('on a subprocess, end everything inside it; a delivered order ends at the message end event', async () => {
    const definitionId = await deployOrders();
    const stoppedClient = await createClient('Stopped Delivery Ltd');
    const deliveredClient = await createClient('Delivered Order Ltd');
    const stopped = await startInstance(definitionId, stoppedClient, { clientId: stoppedClient });
    const delivered = await startInstance(definitionId, deliveredClient, {
      clientId: deliveredClient,
    });
    for (const instanceId of [stopped, delivered]) {
      await completeTask((await openTask(instanceId, 'Prepare order')).id);
      await openTask(instanceId, 'Deliver order');
    }
    // The preparation's boundary waits closed with the task.
    expect((await sendMessage('order-cancelled', stoppedClient)).status).toBe(404);

    const stop = await sendMessage('delivery-stopped', stoppedClient);
    expect(stop.body).toMatchObject({ instanceId: stopped, elementId: 'Boundary_Stop' });
    const stoppedCard = await ended(stopped);
    expect(terminatedElements(stoppedCard.events)).toEqual(['Task_Deliver', 'Sub_Delivery']);
    expect(completedElements(stoppedCard.events).slice(-3)).toEqual([
      'Boundary_Stop',
      'Task_CallClient',
      'End_Stopped',
    ]);
    expect(await activitiesOf(stoppedClient, stopped)).toEqual(['call: Delivery stopped']);

    await completeTask((await openTask(delivered, 'Deliver order')).id);
    const deliveredCard = await ended(delivered);
    expect(deliveredCard.status).toBe('completed');
    expect(completedElements(deliveredCard.events)).toEqual([
      'Start',
      'Task_Prepare',
      'Start_Delivery',
      'Task_Deliver',
      'End_Delivery',
      'Sub_Delivery',
      'End_Delivered',
    ]);
    expect((await sendMessage('delivery-stopped', deliveredClient)).status).toBe(404);
  });
});

describe('boundary timer cycles', () => {
  it('fire while the task is open, as often as the cycle repeats, and the task stays open', async () => {
    const definitionId = await deploy('element-timer-cycle.bpmn');
    const clientId = await createClient('Reminded Often Ltd');
    const instanceId = await startInstance(definitionId, clientId);
    const task = await openTask(instanceId, 'Follow up');
    const reminders = await eventually(async () => {
      const card = await instanceCard(instanceId);
      const fired = completedElements(card.events).filter((id) => id === 'End_Reminded');
      return fired.length === 3 && fired;
    });
    expect(reminders).toHaveLength(3);
    expect((await openTask(instanceId, 'Follow up')).id).toBe(task.id);
    await completeTask(task.id);
    const card = await ended(instanceId);
    expect(card.status).toBe('completed');
    // The cycle repeats three times: no fourth reminder came before the task was completed.
    expect(await activitiesOf(clientId, instanceId)).toEqual([
      'call: Reminder',
      'call: Reminder',
      'call: Reminder',
    ]);
    expect(completedElements(card.events).slice(-2)).toEqual(['Task_FollowUp', 'End']);
  });
});

describe('conditional events', () => {
  const changeVariables = async (instanceId: string, variables: object) => {
    const response = await as(
      'supervisor',
      'PATCH',
      `/api/process-instances/${instanceId}/variables`,
      {
        variables,
      },
    );
    expect(response.status).toBe(200);
  };

  it('fire boundaries when a change of the variables makes their condition hold', async () => {
    const definitionId = await deploy('element-conditional-events.bpmn');
    const clientId = await createClient('Haggling Deals Ltd');
    const instanceId = await startInstance(definitionId, clientId, { discount: 5, lost: false });
    const task = await openTask(instanceId, 'Negotiate');

    await changeVariables(instanceId, { discount: 25 });
    await changeVariables(instanceId, { discount: 30 });
    await changeVariables(instanceId, { discount: 10 });
    await changeVariables(instanceId, { discount: 22 });
    expect(await activitiesOf(clientId, instanceId)).toEqual([
      'task: Approve a discount of 25 %',
      'task: Approve a discount of 22 %',
    ]);
    expect((await openTask(instanceId, 'Negotiate')).id).toBe(task.id);

    await changeVariables(instanceId, { lost: true });
    const card = await ended(instanceId);
    expect(card.status).toBe('completed');
    expect(terminatedElements(card.events)).toEqual(['Task_Negotiate']);
    expect(completedElements(card.events)).toEqual([
      'Start',
      'Boundary_HighDiscount',
      'Task_AskApproval',
      'End_Asked',
      'Boundary_HighDiscount',
      'Task_AskApproval',
      'End_Asked',
      'Boundary_Lost',
      'End_Lost',
    ]);
  });

  it('let a catch event go on once its condition holds', async () => {
    const definitionId = await deploy('element-conditional-events.bpmn');
    const clientId = await createClient('Paying Late Ltd');
    const instanceId = await startInstance(definitionId, clientId, { discount: 5, lost: false });
    await completeTask((await openTask(instanceId, 'Negotiate')).id, { paid: false });
    await reached(instanceId, 'Catch_Paid');
    expect((await instanceCard(instanceId)).status).toBe('running');
    await changeVariables(instanceId, { paid: true });
    const card = await ended(instanceId);
    expect(completedElements(card.events)).toEqual([
      'Start',
      'Task_Negotiate',
      'Catch_Paid',
      'End',
    ]);
  });
});

describe('signal start events', () => {
  it('start the latest version for each broadcast over the API, with its variables', async () => {
    await deploy('element-signal-start.bpmn');
    const broadcast = await as('manager', 'POST', '/api/signals', {
      name: 'price-list-published',
      variables: { priceList: 'v3' },
    });
    expect(broadcast.status).toBe(200);
    expect(broadcast.body.count).toBe(0);
    expect(broadcast.body.startedInstanceIds).toHaveLength(1);
    const [instanceId] = broadcast.body.startedInstanceIds;
    await openTask(instanceId, 'Review price list');
    const card = await instanceCard(instanceId);
    expect(card.variables).toEqual({ priceList: 'v3' });
    expect(card.definition.key).toBe('element-signal-start');
    expect(completedElements(card.events)).toEqual(['Start_Published']);
  });

  it('start an instance for a signal an instance throws, once', async () => {
    await deploy('element-signal-start.bpmn');
    const before = (await instancesOf('element-signal-start')).map((instance) => instance.id);
    const thrower = linearDiagram('signal-start-thrower', [
      startEvent('Start'),
      '<bpmn:endEvent id="End_Publish"><bpmn:signalEventDefinition signalRef="Signal_Published" /></bpmn:endEvent>',
    ]).replace(
      '<bpmn:process',
      '<bpmn:signal id="Signal_Published" name="price-list-published" />\n  <bpmn:process',
    );
    const deployed = await postDiagram(flowcard, tokens.analyst, thrower);
    expect([200, 201]).toContain(deployed.status);
    const throwerId = await as('manager', 'POST', '/api/process-instances', {
      definitionId: deployed.body.id,
    });
    expect((await ended(throwerId.body.id)).status).toBe('completed');
    const started = await eventually(async () => {
      const now = await instancesOf('element-signal-start');
      const fresh = now.filter((instance) => !before.includes(instance.id));
      return fresh.length > 0 && fresh;
    });
    expect(started).toHaveLength(1);
    await reached(started[0].id, 'Task_Review');
    expect(started[0].variables).toEqual({});
  });
});

describe('timer start events', () => {
  let temporal: TemporalClient;
  beforeAll(async () => {
    temporal = new TemporalClient({
      connection: await Connection.connect({ address: process.env.TEMPORAL_ADDRESS }),
    });
  });
  afterAll(() => temporal.connection.close());

  const scheduleOf = (key: string) =>
    temporal.schedule.getHandle(`timer-start:${process.env.TEMPORAL_TASK_QUEUE}:${key}`);

  it('start an instance per fire of the cycle; a version without one removes the schedule', async () => {
    const definitionId = await deploy('element-timer-start.bpmn');
    const instances = await eventually(async () => {
      const all = await instancesOf('element-timer-start');
      return all.length === 2 && all.every((instance) => instance.status === 'completed') && all;
    });
    for (const instance of instances) {
      const card = await adminCard(instance.id);
      expect(card.definition.id).toBe(definitionId);
      expect(card.variables).toEqual({ review: 'reviewed' });
      expect(completedElements(card.events)).toEqual(['Start_Scheduled', 'Task_Count', 'End']);
    }
    // Each fire wrote one instance under its own fire id.
    const fires = await flowcard.dataSource.query(
      'SELECT fire_id, instance_id FROM timer_starts WHERE definition_id = $1',
      [definitionId],
    );
    expect(fires).toHaveLength(2);
    expect(new Set(fires.map((fire: { fire_id: string }) => fire.fire_id)).size).toBe(2);
    const description = await scheduleOf('element-timer-start').describe();
    expect(description.state.remainingActions).toBe(0);
    expect(description.memo).toEqual({ definitionId });

    const withoutTimer = linearDiagram('element-timer-start', [
      startEvent('Start'),
      userTask('Task_Review'),
      endEvent('End'),
    ]);
    expect((await postDiagram(flowcard, tokens.analyst, withoutTimer)).status).toBe(201);
    await expect(scheduleOf('element-timer-start').describe()).rejects.toBeInstanceOf(
      ScheduleNotFoundError,
    );
    expect(await instancesOf('element-timer-start')).toHaveLength(2);
  });

  it('replace the schedule of the version before when a new version is deployed', async () => {
    const xml = (cycle: string) =>
      linearDiagram('timer-start-replaced', [
        `<bpmn:startEvent id="Start_Daily"><bpmn:timerEventDefinition><bpmn:timeCycle>${cycle}</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:startEvent>`,
        endEvent('End'),
      ]);
    const first = await postDiagram(flowcard, tokens.analyst, xml('R/P1D'));
    expect(first.status).toBe(201);
    const daily = await scheduleOf('timer-start-replaced').describe();
    expect(daily.memo).toEqual({ definitionId: first.body.id });
    expect(daily.spec.intervals?.map((interval) => interval.every)).toEqual([86_400_000]);

    const second = await postDiagram(flowcard, tokens.analyst, xml('0 0 9 * * MON-FRI'));
    expect(second.status).toBe(201);
    const weekdays = await scheduleOf('timer-start-replaced').describe();
    expect(weekdays.memo).toEqual({ definitionId: second.body.id });
    expect(weekdays.spec.intervals ?? []).toEqual([]);
    expect(weekdays.spec.calendars).toHaveLength(1);
    await scheduleOf('timer-start-replaced').delete();
  });
});
