/**
 * CRM triggers on message catch events and receive tasks, on the real Temporal server and
 * Postgres: an instance waits until its client becomes active and then until a call with them
 * is completed; the CRM changes made over the API meet the waits through the outbox, once,
 * also when several consumers read it at the same time, also a change whose transaction began
 * before the wait opened; the step that opened a wait does not meet it. An event meeting the wait
 * of an instance in incident (on another branch) is kept for it until the incident is retried,
 * and dropped if the instance is cancelled instead. A triggered start that keeps failing does
 * not hold back the deliveries queued behind it.
 */
import { changeClientStatus } from '#server/crm/clients/client-operations';
import { consumeTriggerBatch } from '#server/processes/triggers/trigger-consumer';
import { completedElements, postDiagram, startedElements, useBpmnFlowcard } from './harness/bpmn';
import { eventually, insertUnreachableInstance } from './harness';
import { incidentBranch, waitAcrossIncidentXml } from './harness/incident-branch';

jest.setTimeout(90_000);

const harness = useBpmnFlowcard();
const { flowcard, tokens, ids, as, deployFixture, createClient, startInstance, instanceCard } =
  harness;
const { ended } = harness;
const { waitingInIncident, retried, cancelledInstead } = incidentBranch(harness);

/** Moves its client to potential, then waits for any status change of it. */
const SELF_MOVE_XML = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
                  xmlns:flowcard="http://flowcard.dev/schema/bpmn"
                  id="Definitions_SelfMove" targetNamespace="http://flowcard.dev/processes">
  <bpmn:process id="crm-trigger-own-step" name="Waits after its own move" isExecutable="true">
    <bpmn:startEvent id="Start" />
    <bpmn:serviceTask id="Task_Potential">
      <bpmn:extensionElements>
        <flowcard:action type="setClientStatus" status="potential" />
      </bpmn:extensionElements>
    </bpmn:serviceTask>
    <bpmn:intermediateCatchEvent id="Catch_Moved">
      <bpmn:extensionElements>
        <flowcard:subscription event="client.status_changed" />
      </bpmn:extensionElements>
      <bpmn:messageEventDefinition />
    </bpmn:intermediateCatchEvent>
    <bpmn:endEvent id="End" />
    <bpmn:sequenceFlow id="Flow_1" sourceRef="Start" targetRef="Task_Potential" />
    <bpmn:sequenceFlow id="Flow_2" sourceRef="Task_Potential" targetRef="Catch_Moved" />
    <bpmn:sequenceFlow id="Flow_3" sourceRef="Catch_Moved" targetRef="End" />
  </bpmn:process>
</bpmn:definitions>`;

/**
 * Waits for its client to become active on one branch while the other stops at an incident.
 */
const INCIDENT_XML = waitAcrossIncidentXml({
  processId: 'crm-trigger-incident',
  catchId: 'Catch_Active',
  catchEvent: `<bpmn:intermediateCatchEvent id="Catch_Active">
      <bpmn:extensionElements>
        <flowcard:subscription event="client.status_changed" filter="=to = &quot;active&quot;" />
      </bpmn:extensionElements>
      <bpmn:messageEventDefinition />
    </bpmn:intermediateCatchEvent>`,
});

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

/** Runs `changes` while the trigger consumer's cursor is locked: the app's consumer leaves their
 * events until the lock is released (its statement skips a locked cursor). */
const withCursorHeld = (changes: () => Promise<void>) =>
  flowcard.dataSource.transaction(async (manager) => {
    await manager.query(`SELECT 1 FROM event_consumers WHERE name = 'process-triggers' FOR UPDATE`);
    await changes();
  });

const deliveriesOf = (
  instanceId: string,
): Promise<{ wait_key: string; event_id: string; delivered: boolean }[]> =>
  flowcard.dataSource.query(
    `SELECT wait_key, event_id::text, delivered FROM triggered_deliveries WHERE instance_id = $1`,
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
    await withCursorHeld(async () => {
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

  it('meet an event whose transaction began before the wait opened and committed after', async () => {
    const clientId = await createClient('Slow Writer Ltd');
    await moveClient(clientId, 'potential');
    // A person's change whose transaction begins (its now(), the event's created_at) before the
    // instance's step opens the wait, and commits only once the wait is open.
    const writer = flowcard.dataSource.createQueryRunner();
    await writer.connect();
    let instanceId: string;
    try {
      await writer.startTransaction();
      await writer.query('SET LOCAL idle_in_transaction_session_timeout = 0');
      instanceId = await startInstance(definitionId, clientId);
      await reached(instanceId, 'Catch_Active');
      await changeClientStatus(
        writer.manager,
        { userId: ids.manager },
        { clientId, status: 'active' },
      );
      await writer.commitTransaction();
    } finally {
      await writer.release();
    }
    const card = await reached(instanceId, 'Receive_Call');
    expect(card.variables.trigger).toMatchObject({
      type: 'client.status_changed',
      payload: { clientId, from: 'potential', to: 'active' },
    });
  });

  it('meet a wait an older worker wrote without its outbox position, by the older rule', async () => {
    const clientId = await createClient('Rolling Upgrade Ltd');
    await moveClient(clientId, 'potential');
    const instanceId = await startInstance(definitionId, clientId);
    await reached(instanceId, 'Catch_Active');
    // What a worker from before migration 1764000031000 writes during a rolling upgrade.
    const [, cleared] = await flowcard.dataSource.query(
      `UPDATE message_waits SET after_event_id = NULL WHERE instance_id = $1 AND status = 'open'`,
      [instanceId],
    );
    expect(cleared).toBe(1);
    await moveClient(clientId, 'active');
    const card = await reached(instanceId, 'Receive_Call');
    expect(card.variables.trigger).toMatchObject({ payload: { clientId, to: 'active' } });
  });

  it("are not met by their own step's events, and are by the next ones", async () => {
    const deployed = await postDiagram(flowcard, tokens.analyst, SELF_MOVE_XML);
    expect(deployed.status).toBe(201);
    const clientId = await createClient('Moves Itself Ltd');
    const instanceId = await startInstance(deployed.body.id, clientId);
    await reached(instanceId, 'Catch_Moved');
    await moveClient(clientId, 'active');
    const finished = await ended(instanceId);
    expect(finished.status).toBe('completed');
    expect(finished.variables.trigger).toMatchObject({
      type: 'client.status_changed',
      payload: { clientId, from: 'potential', to: 'active' },
    });
  });

  describe('of an instance in incident on another branch', () => {
    let incidentDefinitionId: string;
    beforeAll(async () => {
      const deployed = await postDiagram(flowcard, tokens.analyst, INCIDENT_XML);
      expect(deployed.status).toBe(201);
      incidentDefinitionId = deployed.body.id;
    });

    it('keep the event until the incident is retried, then take it once', async () => {
      const clientId = await createClient('Waits Through Incident Ltd');
      await moveClient(clientId, 'potential');
      const { instanceId, incidentId } = await waitingInIncident(
        incidentDefinitionId,
        clientId,
        'Catch_Active',
      );

      await moveClient(clientId, 'active');
      // Claimed for the wait and kept: the engine takes no delivery while the incident is open.
      const [kept] = await eventually(async () => {
        const deliveries = await deliveriesOf(instanceId);
        return deliveries.length > 0 && deliveries;
      });
      expect(kept.delivered).toBe(false);
      const held = await instanceCard(instanceId);
      expect(held.status).toBe('incident');
      expect(completedElements(held.events)).not.toContain('Catch_Active');

      const finished = await retried(instanceId, incidentId, 'active');
      expect(finished.status).toBe('completed');
      expect(completedElements(finished.events).filter((id) => id === 'Catch_Active')).toEqual([
        'Catch_Active',
      ]);
      expect(finished.variables.trigger).toMatchObject({
        eventId: kept.event_id,
        type: 'client.status_changed',
        payload: { clientId, from: 'potential', to: 'active' },
      });
      // Marked delivered once the engine took it, which can come just after the instance ended.
      const marked = await eventually(async () => {
        const deliveries = await deliveriesOf(instanceId);
        return deliveries.every((delivery) => delivery.delivered) && deliveries;
      });
      expect(marked).toEqual([{ ...kept, delivered: true }]);
    });

    it('drop the kept event when the instance is cancelled instead', async () => {
      const clientId = await createClient('Cancelled In Incident Ltd');
      await moveClient(clientId, 'potential');
      const { instanceId } = await waitingInIncident(
        incidentDefinitionId,
        clientId,
        'Catch_Active',
      );
      await moveClient(clientId, 'active');
      await eventually(async () => (await deliveriesOf(instanceId)).length > 0);

      expect((await cancelledInstead(instanceId)).status).toBe('cancelled');
      await eventually(async () => (await deliveriesOf(instanceId))[0].delivered);
      const card = await instanceCard(instanceId);
      expect(completedElements(card.events)).not.toContain('Catch_Active');
    });
  });

  it('are met while a triggered start ahead of them keeps failing, which stays pending', async () => {
    // A triggered instance whose workflow Temporal refuses to start, every time.
    const stuck = await insertUnreachableInstance(
      flowcard.dataSource.manager,
      definitionId,
      'starting',
    );
    await flowcard.dataSource.query(
      `INSERT INTO triggered_starts (event_id, definition_key, element_id, instance_id)
       SELECT max(id), 'never-starts', 'Start', $1 FROM instance_events`,
      [stuck],
    );
    try {
      const clientId = await createClient('Behind A Stuck Start Ltd');
      await moveClient(clientId, 'potential');
      const instanceId = await startInstance(definitionId, clientId);
      await reached(instanceId, 'Catch_Active');
      await moveClient(clientId, 'active');
      await reached(instanceId, 'Receive_Call');

      const [pending] = await flowcard.dataSource.query(
        `SELECT s.workflow_started AS started, i.status
           FROM triggered_starts s JOIN process_instances i ON i.id = s.instance_id
          WHERE s.instance_id = $1`,
        [stuck],
      );
      expect(pending).toEqual({ started: false, status: 'starting' });
    } finally {
      await flowcard.dataSource.query(
        `UPDATE triggered_starts SET workflow_started = true WHERE instance_id = $1`,
        [stuck],
      );
      await flowcard.dataSource.query(
        `UPDATE process_instances SET status = 'cancelled', ended_at = now() WHERE id = $1`,
        [stuck],
      );
    }
  });

  it('meet a wait with the first of the events of one batch that pass its filter', async () => {
    const clientId = await createClient('Twice Active Ltd');
    await moveClient(clientId, 'potential');
    const instanceId = await startInstance(definitionId, clientId);
    await reached(instanceId, 'Catch_Active');
    // Held cursor: the three moves reach the consumer in one batch, two of them passing.
    await withCursorHeld(async () => {
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
