/**
 * Messages published by process instances (send tasks, message end events), run through the
 * app on the real Temporal server and Postgres: delivered after the publishing step commits to
 * the instance waiting for the name and key, or starting the process with that message start
 * event, exactly once; also while an older message keeps failing to be delivered.
 */
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { loadConfig } from '#server/common/config';
import { PROCESS_WORKFLOW_TYPE } from '#workflows/temporal/contract';
import { completedElements, startedElements, useBpmnFlowcard } from './harness/bpmn';
import { eventually, insertUnreachableInstance } from './harness';

jest.setTimeout(90_000);

const {
  flowcard,
  as,
  deployFixture: deploy,
  createClient,
  startInstance,
  ended,
  activitiesOf,
} = useBpmnFlowcard();

const adminCard = async (instanceId: string) =>
  (await as('admin', 'GET', `/api/process-instances/${instanceId}`)).body;

/** The messages published under a name and key, as the database keeps them. */
const publishedMessages = (messageName: string, correlationKey: string) =>
  flowcard.dataSource.query(
    `SELECT status, wait_key AS "waitKey", relay_pending AS "relayPending", variables
       FROM buffered_messages WHERE message_name = $1 AND correlation_key = $2`,
    [messageName, correlationKey],
  ) as Promise<
    { status: string; waitKey: string | null; relayPending: boolean; variables: object }[]
  >;

describe('a send task', () => {
  it('publishes to the instance waiting for its message and key, once', async () => {
    const waiting = await deploy('element-message-events.bpmn');
    const publishing = await deploy('message-publish-send-task.bpmn');
    const clientId = await createClient('Called Back By A Process Ltd');
    const otherClientId = await createClient('Still Waiting Ltd');
    const variables = { clientId, documentsWithin: 'P3D' };
    const waiter = await startInstance(waiting, clientId, variables);
    const other = await startInstance(waiting, otherClientId, {
      ...variables,
      clientId: otherClientId,
    });
    await eventually(async () =>
      startedElements((await adminCard(waiter)).events).includes('Catch_CalledBack'),
    );

    const publisher = await startInstance(publishing, clientId, { clientId, answer: 'by process' });
    expect((await ended(publisher)).status).toBe('completed');

    await eventually(async () =>
      startedElements((await adminCard(waiter)).events).includes('Receive_Documents'),
    );
    await eventually(async () =>
      (await publishedMessages('client-called-back', clientId)).every(
        (candidate) => !candidate.relayPending,
      ),
    );
    const card = await adminCard(waiter);
    expect(completedElements(card.events).filter((id) => id === 'Catch_CalledBack')).toHaveLength(
      1,
    );
    expect(card.variables).toMatchObject({ answer: 'by process' });
    expect(await activitiesOf(clientId, waiter)).toEqual(['task: Answer: by process']);
    const [message, ...more] = await publishedMessages('client-called-back', clientId);
    expect(more).toEqual([]);
    expect(message).toMatchObject({ status: 'consumed', relayPending: false });
    // The other client's instance still waits: the key kept the message from it.
    const otherCard = await adminCard(other);
    expect(completedElements(otherCard.events)).not.toContain('Catch_CalledBack');
    expect(otherCard.status).toBe('running');
  });

  it('publishes while an older message keeps failing to reach its wait, which stays pending', async () => {
    const waiting = await deploy('element-message-events.bpmn');
    const publishing = await deploy('message-publish-send-task.bpmn');
    // A published message, older than any other, consumed by a wait of an instance whose
    // workflow no worker runs: its delivery times out (ENGINE_UNAVAILABLE) on every pass.
    const config = loadConfig();
    const connection = await Connection.connect({ address: config.temporalAddress });
    const temporal = new Client({ connection, namespace: config.temporalNamespace });
    const unanswered = await temporal.workflow.start(PROCESS_WORKFLOW_TYPE, {
      taskQueue: `no-worker-${randomUUID()}`,
      workflowId: `test-unanswered-${randomUUID()}`,
      args: [],
    });
    const stuck = await insertUnreachableInstance(
      flowcard.dataSource.manager,
      waiting,
      'running',
      unanswered.workflowId,
    );
    const [{ id: stuckMessage }] = await flowcard.dataSource.query(
      `WITH wait AS (
         INSERT INTO message_waits (instance_id, element_id, wait_key, message_name, correlation_key)
         VALUES ($1, 'Catch_Stuck', $2, 'never-delivered', 'stuck') RETURNING wait_key)
       INSERT INTO buffered_messages
         (message_name, correlation_key, status, wait_key, relay_pending, published_at, expires_at)
       SELECT 'never-delivered', 'stuck', 'consumed', wait_key, true,
              now() - interval '1 hour', now() + interval '1 hour' FROM wait
       RETURNING id`,
      [stuck, `stuck:${stuck}`],
    );
    try {
      const clientId = await createClient('Called Back Past A Stuck Message Ltd');
      const waiter = await startInstance(waiting, clientId, { clientId, documentsWithin: 'P3D' });
      await eventually(async () =>
        startedElements((await adminCard(waiter)).events).includes('Catch_CalledBack'),
      );
      const publisher = await startInstance(publishing, clientId, { clientId, answer: 'later' });
      expect((await ended(publisher)).status).toBe('completed');
      // After the stuck delivery's time-out (10 s) in each pass that meets it first.
      await eventually(
        async () => startedElements((await adminCard(waiter)).events).includes('Receive_Documents'),
        60_000,
      );
      const [stillPending] = await flowcard.dataSource.query(
        `SELECT relay_pending AS "relayPending" FROM buffered_messages WHERE id = $1`,
        [stuckMessage],
      );
      expect(stillPending).toEqual({ relayPending: true });
    } finally {
      await flowcard.dataSource.query(
        `UPDATE buffered_messages SET relay_pending = false WHERE id = $1`,
        [stuckMessage],
      );
      await flowcard.dataSource.query(
        `UPDATE process_instances SET status = 'cancelled', ended_at = now() WHERE id = $1`,
        [stuck],
      );
      await unanswered.terminate();
      await connection.close();
    }
  });
});

describe('a message end event', () => {
  it('starts the process with its message start event, once, with the variables', async () => {
    await deploy('message-publish-start.bpmn');
    const publishing = await deploy('message-publish-end-event.bpmn');
    const clientId = await createClient('Hands Orders Over Ltd');

    const publisher = await startInstance(publishing, clientId, { orderNumber: '4711' });
    const card = await ended(publisher);
    expect(card.status).toBe('completed');
    expect(completedElements(card.events)).toEqual(['Start', 'End_Published']);

    const started = await eventually(async () => {
      const response = await as(
        'admin',
        'GET',
        '/api/process-instances?definitionKey=message-publish-start',
      );
      const items = response.body.items as { id: string; variables: object }[];
      return items.length > 0 ? items : null;
    });
    expect(started).toHaveLength(1);
    expect(started[0].variables).toEqual({ orderNumber: '4711' });
    await eventually(async () =>
      startedElements((await adminCard(started[0].id)).events).includes('Task_CheckOrder'),
    );
    expect(await publishedMessages('order-published', 'order-4711')).toEqual([
      expect.objectContaining({ status: 'consumed', relayPending: false, waitKey: null }),
    ]);
  });
});
