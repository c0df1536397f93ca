/**
 * CRM triggers on message catch events and receive tasks, on the real Temporal server and
 * Postgres: an instance waits until its client becomes active and then until a call with them
 * is completed; the CRM changes made over the API meet the waits through the outbox, once,
 * also when several consumers read it at the same time.
 */
import { consumeTriggerBatch } from '#server/processes/triggers/trigger-consumer';
import { completedElements, startedElements, useBpmnFlowcard } from './harness/bpmn';
import { eventually } from './harness';

jest.setTimeout(90_000);

const { flowcard, as, deployFixture, createClient, startInstance, instanceCard, ended } =
  useBpmnFlowcard();

/** The instance card once the instance has started the element. */
const reached = (instanceId: string, elementId: string) =>
  eventually(async () => {
    const card = await instanceCard(instanceId);
    return startedElements(card.events).includes(elementId) && card;
  });

async function moveClient(clientId: string, status: string) {
  const moved = await as('manager', 'POST', `/api/clients/${clientId}/status`, { status });
  expect(moved.status).toBe(200);
}

const deliveriesOf = (instanceId: string): Promise<{ wait_key: string; event_id: string }[]> =>
  flowcard.dataSource.query(
    `SELECT wait_key, event_id::text FROM triggered_deliveries WHERE instance_id = $1`,
    [instanceId],
  );

describe('CRM triggers on catch events and receive tasks', () => {
  let definitionId: string;
  beforeAll(async () => {
    definitionId = await deployFixture('element-crm-trigger-catch.bpmn');
  });

  it('go on when their client changes as the filter says, and only then', async () => {
    const clientId = await createClient('Becomes Active Ltd');
    const otherId = await createClient('Other Active Ltd');
    const instanceId = await startInstance(definitionId, clientId);
    await reached(instanceId, 'Catch_Active');

    // Another status, and another client's move to active, do not meet the wait.
    await moveClient(clientId, 'potential');
    await moveClient(otherId, 'potential');
    await moveClient(otherId, 'active');
    await moveClient(clientId, 'active');
    const card = await reached(instanceId, 'Receive_Call');
    expect(card.variables.trigger).toMatchObject({
      type: 'client.status_changed',
      payload: { clientId, from: 'potential', to: 'active' },
    });

    // A note is a completed activity too, but not a call.
    const note = await as('manager', 'POST', '/api/activities', {
      clientId,
      kind: 'note',
      subject: 'Signed the papers',
      body: 'All pages signed',
    });
    expect(note.status).toBe(201);
    const call = await as('manager', 'POST', '/api/activities', {
      clientId,
      kind: 'call',
      subject: 'Welcome call',
    });
    expect(call.status).toBe(201);
    const done = await as('manager', 'POST', `/api/activities/${call.body.id}/complete`, {
      result: 'Welcomed',
    });
    expect(done.status).toBe(200);

    const finished = await ended(instanceId);
    expect(finished.status).toBe('completed');
    expect(completedElements(finished.events)).toEqual([
      'Start',
      'Catch_Active',
      'Task_Welcome',
      'Receive_Call',
      'End',
    ]);
    expect(finished.variables.trigger).toMatchObject({
      type: 'activity.completed',
      payload: { activityId: call.body.id, kind: 'call' },
    });
    expect(await deliveriesOf(instanceId)).toHaveLength(2);
  });

  it('meet a wait once when several consumers read the outbox at the same time', async () => {
    const clientId = await createClient('Raced Active Ltd');
    await moveClient(clientId, 'potential');
    const instanceId = await startInstance(definitionId, clientId);
    await reached(instanceId, 'Catch_Active');
    // Hold the cursor so the app's own consumer leaves the event, then race two consumers.
    await flowcard.dataSource.transaction(async (manager) => {
      await manager.query(
        `SELECT 1 FROM event_consumers WHERE name = 'process-triggers' FOR UPDATE`,
      );
      await moveClient(clientId, 'active');
    });
    await Promise.all(
      [1, 2].map(() =>
        flowcard.dataSource.transaction((manager) => consumeTriggerBatch(manager, () => undefined)),
      ),
    );
    await reached(instanceId, 'Receive_Call');
    const deliveries = await deliveriesOf(instanceId);
    expect(deliveries).toHaveLength(1);
    const card = await instanceCard(instanceId);
    expect(completedElements(card.events).filter((id) => id === 'Catch_Active')).toHaveLength(1);
    expect(card.variables.trigger.eventId).toBe(deliveries[0].event_id);
  });

  it('meet a wait with the first of the events of one batch that pass its filter', async () => {
    const clientId = await createClient('Twice Active Ltd');
    await moveClient(clientId, 'potential');
    const instanceId = await startInstance(definitionId, clientId);
    await reached(instanceId, 'Catch_Active');
    // Held cursor: the three moves reach the consumer in one batch, two of them passing.
    await flowcard.dataSource.transaction(async (manager) => {
      await manager.query(
        `SELECT 1 FROM event_consumers WHERE name = 'process-triggers' FOR UPDATE`,
      );
      await moveClient(clientId, 'active');
      await moveClient(clientId, 'inactive');
      await moveClient(clientId, 'active');
    });
    await reached(instanceId, 'Receive_Call');
    const toActive: { id: string }[] = await flowcard.dataSource.query(
      `SELECT id::text FROM instance_events
        WHERE client_id = $1 AND type = 'client.status_changed' AND payload ->> 'to' = 'active'
        ORDER BY id`,
      [clientId],
    );
    expect(toActive).toHaveLength(2);
    // The batch moved the cursor past every event it read.
    const [cursor] = await flowcard.dataSource.query(
      `SELECT last_event_id::text AS id FROM event_consumers WHERE name = 'process-triggers'`,
    );
    expect(BigInt(cursor.id)).toBeGreaterThanOrEqual(BigInt(toActive[1].id));
    const deliveries = await deliveriesOf(instanceId);
    expect(deliveries).toEqual([expect.objectContaining({ event_id: toActive[0].id })]);
    const card = await instanceCard(instanceId);
    expect(card.variables.trigger).toMatchObject({
      eventId: toActive[0].id,
      payload: { from: 'potential', to: 'active' },
    });
  });
});
