/**
 * Event subprocesses run through the app on the real Temporal server and Postgres: the fixture
 * element-event-subprocess.bpmn is deployed and started over REST, its triggers come from a
 * timer, `POST /api/messages`, `POST /api/signals` and an error end event, and the test reads
 * the path taken and the CRM activities back through the API.
 */
import {
  completedElements,
  startedElements,
  terminatedElements,
  useBpmnFlowcard,
} from './harness/bpmn';
import { eventually } from './harness';

jest.setTimeout(90_000);

const {
  as,
  deployFixture,
  createClient,
  startInstance,
  instanceCard,
  ended,
  openTask,
  completeTask,
  activitiesOf,
} = useBpmnFlowcard();

async function startOrder(clientName: string, remindAfter: string) {
  const definitionId = await deployFixture('element-event-subprocess.bpmn');
  const clientId = await createClient(clientName);
  const instanceId = await startInstance(definitionId, clientId, { clientId, remindAfter });
  const task = await openTask(instanceId, 'Prepare the order');
  return { clientId, instanceId, task };
}

describe('event subprocesses', () => {
  it('non-interrupting: a timer reminds and a signal notes the price list while the task stays open', async () => {
    const { clientId, instanceId, task } = await startOrder('Reminded Orders Ltd', 'PT1S');
    await eventually(async () =>
      completedElements((await instanceCard(instanceId)).events).includes('Event_Reminder'),
    );
    const signalled = await as('manager', 'POST', '/api/signals', {
      name: 'price-list-changed',
      variables: {},
    });
    expect(signalled.body).toEqual({
      count: 1,
      instanceIds: [instanceId],
      heldInstanceIds: [],
      startedInstanceIds: [],
    });
    expect((await openTask(instanceId, 'Prepare the order')).id).toBe(task.id);

    await completeTask(task.id, { outOfStock: false });
    const card = await ended(instanceId);
    expect(card.status).toBe('completed');
    expect(terminatedElements(card.events)).toEqual([]);
    expect(completedElements(card.events)).toEqual([
      'Start',
      'Inner_Start',
      'Reminder_Start',
      'Task_Reminder',
      'Reminder_End',
      'Event_Reminder',
      'PriceList_Start',
      'Script_NotePriceList',
      'PriceList_End',
      'Event_PriceList',
      'Task_Prepare',
      'Gateway_InStock',
      'Inner_End',
      'Sub_Preparation',
      'Task_Confirm',
      'End',
    ]);
    expect(card.variables).toMatchObject({ priceListChanges: 1, outOfStock: false });
    expect(await activitiesOf(clientId, instanceId)).toEqual([
      'call: Tell the client the order is on its way',
      'task: Send the order confirmation',
    ]);
  });

  it('with an error: catches the error thrown in the subprocess, which then completes', async () => {
    const { clientId, instanceId, task } = await startOrder('Out Of Stock Ltd', 'P1D');
    await completeTask(task.id, { outOfStock: true });
    const card = await ended(instanceId);
    expect(card.status).toBe('completed');
    expect(completedElements(card.events)).toEqual([
      'Start',
      'Inner_Start',
      'Task_Prepare',
      'Gateway_InStock',
      'End_OutOfStock',
      'OutOfStock_Start',
      'Task_OutOfStockCall',
      'OutOfStock_End',
      'Event_OutOfStock',
      'Sub_Preparation',
      'Task_Confirm',
      'End',
    ]);
    expect(startedElements(card.events)).not.toContain('Event_Reminder');
    // Written in one batch: the card's order between the two is not the path's.
    expect((await activitiesOf(clientId, instanceId)).sort()).toEqual([
      'call: Offer a replacement',
      'task: Send the order confirmation',
    ]);
  });

  it('interrupting with a message: ends the open task and the subprocess, then runs', async () => {
    const { clientId, instanceId, task } = await startOrder('Cancelled Orders Ltd', 'P1D');
    const delivered = await as('manager', 'POST', '/api/messages', {
      name: 'order-cancelled',
      correlationKey: clientId,
      variables: { reason: 'too expensive' },
    });
    expect(delivered.status).toBe(200);
    expect(delivered.body).toMatchObject({ instanceId, elementId: 'Event_Cancelled' });

    const card = await ended(instanceId);
    expect(card.status).toBe('completed');
    expect(terminatedElements(card.events)).toEqual(['Task_Prepare', 'Sub_Preparation']);
    expect(completedElements(card.events)).toEqual([
      'Start',
      'Inner_Start',
      'Cancelled_Start',
      'Task_CancellationCall',
      'Cancelled_End',
      'Event_Cancelled',
    ]);
    expect(card.variables).toMatchObject({ reason: 'too expensive' });
    expect(await activitiesOf(clientId, instanceId)).toEqual([
      'call: Ask why the order was cancelled',
    ]);
    const completing = await as('manager', 'POST', `/api/tasks/${task.id}/complete`, {
      variables: {},
    });
    expect(completing.status).toBeGreaterThanOrEqual(400);
  });
});
