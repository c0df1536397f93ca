/**
 * Messages with a time to live, on the real Temporal server and Postgres: a message no instance
 * waits for yet is buffered, and the first instance to wait for its name and key receives it at
 * once, once; an expired one reaches nobody; a message id is refused again while its message
 * lives; without a time to live, nothing changes (404). A message for the wait of an instance
 * in incident (on another branch) is kept until the incident is retried, also one whose
 * delivery the engine refused because the incident came after the message found its wait.
 */
import { completedElements, postDiagram, startedElements, useBpmnFlowcard } from './harness/bpmn';
import { eventually } from './harness';
import { incidentBranch, waitAcrossIncidentXml } from './harness/incident-branch';

jest.setTimeout(90_000);

const harness = useBpmnFlowcard();
const { flowcard, tokens, as, deployFixture, createClient, startInstance, instanceCard } = harness;
const { activitiesOf } = harness;
const { waitingInIncident, retried } = incidentBranch(harness);

const publish = (body: object) => as('manager', 'POST', '/api/messages', body);

const INCIDENT_XML = waitAcrossIncidentXml({
  processId: 'message-wait-incident',
  catchId: 'Catch_CalledBack',
  roots: '<bpmn:message id="Message_CalledBack" name="client-called-back" />',
  catchEvent: `<bpmn:intermediateCatchEvent id="Catch_CalledBack">
      <bpmn:extensionElements>
        <flowcard:subscription correlationKey="=clientId" />
      </bpmn:extensionElements>
      <bpmn:messageEventDefinition messageRef="Message_CalledBack" />
    </bpmn:intermediateCatchEvent>`,
});

/** The instance card once the instance has started the element. */
const reached = (instanceId: string, elementId: string) =>
  eventually(async () => {
    const card = await instanceCard(instanceId);
    return startedElements(card.events).includes(elementId) && card;
  });

describe('buffered messages', () => {
  let definitionId: string;
  beforeAll(async () => {
    definitionId = await deployFixture('element-message-events.bpmn');
  });

  it('reach the first instance that waits for them, at once and once only', async () => {
    const clientId = await createClient('Called Early Ltd');
    const early = await publish({
      name: 'client-called-back',
      correlationKey: clientId,
      variables: { answer: 'send the buffered offer' },
      timeToLive: 'PT1H',
      messageId: `called-${clientId}`,
    });
    expect(early.status).toBe(200);
    expect(early.body).toEqual({
      outcome: 'buffered',
      instanceId: null,
      elementId: null,
      status: null,
      started: false,
      expiresAt: expect.any(String),
    });
    expect(Date.parse(early.body.expiresAt)).toBeGreaterThan(Date.now() + 50 * 60_000);

    const again = await publish({
      name: 'client-called-back',
      correlationKey: clientId,
      timeToLive: 3_600_000,
      messageId: `called-${clientId}`,
    });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('MESSAGE_ALREADY_PUBLISHED');

    const variables = { clientId, documentsWithin: 'P3D' };
    const first = await startInstance(definitionId, clientId, variables);
    const firstCard = await reached(first, 'Receive_Documents');
    expect(completedElements(firstCard.events)).toEqual(['Start', 'Catch_CalledBack', 'Task_Note']);
    expect(firstCard.variables.answer).toBe('send the buffered offer');
    expect(await activitiesOf(clientId, first)).toEqual(['task: Answer: send the buffered offer']);

    // Consumed by the first instance: the second waits until a message of its own comes.
    const second = await startInstance(definitionId, clientId, variables);
    await reached(second, 'Catch_CalledBack');
    const direct = await publish({
      name: 'client-called-back',
      correlationKey: clientId,
      variables: { answer: 'call back' },
    });
    expect(direct.body).toMatchObject({
      outcome: 'delivered',
      instanceId: second,
      elementId: 'Catch_CalledBack',
    });
    await reached(second, 'Receive_Documents');
  });

  it('drop a message once its time to live is over', async () => {
    const clientId = await createClient('Called Too Early Ltd');
    const expiring = await publish({
      name: 'client-called-back',
      correlationKey: clientId,
      variables: { answer: 'stale' },
      timeToLive: 1,
    });
    expect(expiring.body.outcome).toBe('buffered');
    const instanceId = await startInstance(definitionId, clientId, {
      clientId,
      documentsWithin: 'P3D',
    });
    await reached(instanceId, 'Catch_CalledBack');
    // Its wait is open and took no message: a message now is delivered to it.
    const fresh = await publish({
      name: 'client-called-back',
      correlationKey: clientId,
      variables: { answer: 'fresh' },
    });
    expect(fresh.body).toMatchObject({ outcome: 'delivered', instanceId });
    const card = await reached(instanceId, 'Receive_Documents');
    expect(card.variables.answer).toBe('fresh');
  });

  it('are removed a week after they expired and were consumed, not before', async () => {
    const ids = (await flowcard.dataSource.query(
      `INSERT INTO buffered_messages
         (message_name, correlation_key, status, published_at, expires_at, consumed_at)
       VALUES ('cleanup', 'long expired', 'buffered', now() - interval '9 days',
               now() - interval '8 days', NULL),
              ('cleanup', 'long consumed', 'consumed', now() - interval '9 days',
               now() - interval '8 days', now() - interval '8 days'),
              ('cleanup', 'just expired', 'buffered', now() - interval '2 hours',
               now() - interval '1 hour', NULL),
              ('cleanup', 'just consumed', 'consumed', now() - interval '9 days',
               now() - interval '8 days', now() - interval '1 day')
       RETURNING correlation_key AS key`,
    )) as { key: string }[];
    expect(ids).toHaveLength(4);
    // The relay's next pass (its poll) removes them.
    const left = await eventually(async () => {
      const rows = (await flowcard.dataSource.query(
        `SELECT correlation_key AS key FROM buffered_messages WHERE message_name = 'cleanup'
          ORDER BY correlation_key`,
      )) as { key: string }[];
      return rows.length === 2 && rows.map((row) => row.key);
    });
    expect(left).toEqual(['just consumed', 'just expired']);
  });

  it("keep today's answers without a time to live, and refuse a bad one", async () => {
    const clientId = await createClient('Nobody Waits Ltd');
    const refused = await publish({
      name: 'client-called-back',
      correlationKey: clientId,
      timeToLive: 0,
    });
    expect(refused.status).toBe(404);
    expect(refused.body.code).toBe('MESSAGE_NOT_CORRELATED');
    for (const timeToLive of ['P1M', 'soon', -5, 1.5]) {
      const invalid = await publish({
        name: 'client-called-back',
        correlationKey: clientId,
        timeToLive,
      });
      expect(invalid.status).toBe(400);
      expect(invalid.body.code).toBe('VALIDATION_FAILED');
    }
    // Nothing was kept: an instance that waits now waits.
    const instanceId = await startInstance(definitionId, clientId, {
      clientId,
      documentsWithin: 'P3D',
    });
    const card = await reached(instanceId, 'Catch_CalledBack');
    expect(completedElements(card.events)).toEqual(['Start']);
  });
});

describe('a message for an instance in incident', () => {
  let definitionId: string;
  beforeAll(async () => {
    const deployed = await postDiagram(flowcard, tokens.analyst, INCIDENT_XML);
    expect(deployed.status).toBe(201);
    definitionId = deployed.body.id;
  });

  it('is kept until the incident is retried, then taken once', async () => {
    const clientId = await createClient('Called During An Incident Ltd');
    const { instanceId, incidentId } = await waitingInIncident(
      definitionId,
      clientId,
      'Catch_CalledBack',
      { clientId },
    );

    const sent = await publish({
      name: 'client-called-back',
      correlationKey: clientId,
      variables: { answer: 'called while stuck' },
      timeToLive: 'PT1H',
    });
    expect(sent.status).toBe(200);
    expect(sent.body.outcome).toBe('buffered');
    const held = await instanceCard(instanceId);
    expect(held.status).toBe('incident');
    expect(completedElements(held.events)).not.toContain('Catch_CalledBack');

    const finished = await retried(instanceId, incidentId, 'potential');
    expect(finished.status).toBe('completed');
    expect(finished.variables.answer).toBe('called while stuck');
    expect(completedElements(finished.events).filter((id) => id === 'Catch_CalledBack')).toEqual([
      'Catch_CalledBack',
    ]);
    // The relay marks it done once the engine's answer is back, which can come just after.
    const kept = await eventually(async () => {
      const rows = await flowcard.dataSource.query(
        `SELECT status, wait_key IS NOT NULL AS "claimed", relay_pending AS "relayPending"
           FROM buffered_messages WHERE message_name = 'client-called-back' AND correlation_key = $1`,
        [clientId],
      );
      return !rows[0].relayPending && rows;
    });
    expect(kept).toEqual([{ status: 'consumed', claimed: true, relayPending: false }]);
  });

  it('is given back to the buffer when the engine refused it for an incident, then taken', async () => {
    const clientId = await createClient('Refused During An Incident Ltd');
    const { instanceId, incidentId } = await waitingInIncident(
      definitionId,
      clientId,
      'Catch_CalledBack',
      { clientId },
    );
    // As the relay leaves a message that found the wait just before the incident was raised.
    const [{ id: messageId }] = await flowcard.dataSource.query(
      `INSERT INTO buffered_messages
         (message_name, correlation_key, variables, status, wait_key, relay_pending, expires_at)
       SELECT 'client-called-back', $2, '{"answer": "refused once"}', 'consumed', wait_key, true,
              now() + interval '1 hour'
         FROM message_waits WHERE instance_id = $1 AND element_id = 'Catch_CalledBack'
       RETURNING id`,
      [instanceId, clientId],
    );
    const givenBack = await eventually(async () => {
      const [row] = await flowcard.dataSource.query(
        `SELECT status, wait_key AS "waitKey", relay_pending AS "relayPending"
           FROM buffered_messages WHERE id = $1`,
        [messageId],
      );
      return !row.relayPending && row;
    });
    expect(givenBack).toEqual({ status: 'buffered', waitKey: null, relayPending: false });
    expect((await instanceCard(instanceId)).status).toBe('incident');

    const finished = await retried(instanceId, incidentId, 'potential');
    expect(finished.status).toBe('completed');
    expect(finished.variables.answer).toBe('refused once');
  });
});
