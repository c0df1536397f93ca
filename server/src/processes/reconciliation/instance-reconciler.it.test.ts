/**
 * The reconciler brings rows and Temporal back in line: a row left `starting` by an API that died
 * after its commit is started and runs, and a workflow terminated behind Flowcard's back closes
 * its row, cancels its open tasks and says why.
 */
import { Client, Connection } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import { startFlowcard } from '#scripts/lib/in-process';
import { crmTaskStep, endEvent, linearDiagram, startEvent } from '#test/harness/diagrams';
import { eventually, useFlowcard } from '#test/harness/index';
import { loadConfig } from '#server/common/config';
import { events } from '#server/events/catalogue';
import { appendEvents } from '#server/live/outbox';
import { ProcessDefinition } from '../definitions/process-definition.entity';
import { Incident } from '../incidents/incident.entity';
import { InstanceEvent } from '../instances/instance-event.entity';
import { ProcessInstance } from '../instances/process-instance.entity';
import { UserTask } from '../tasks/user-task.entity';
import { InstanceReconciler, RECONCILE_LOCK } from './instance-reconciler';

const { flowcard, ids, as, newClient, startInstance, deploy } = useFlowcard();

let connection: Connection;
let temporal: Client;

/**
 * One pass over `instanceIds` that ran: the apps of other test files share the database, and
 * their starting relays may hold the reconciliation lock for a moment.
 */
async function passOver(instanceIds: string[]) {
  return eventually(async () => {
    const report = await reconciler().reconcileOnce({ instanceIds });
    return report.ran ? report : undefined;
  });
}

function reconciler() {
  const config = loadConfig();
  return new InstanceReconciler(flowcard.dataSource, temporal, {
    taskQueue: config.taskQueue,
    engineCallTimeoutMs: 10_000,
    intervalMs: 60_000,
    startingAfterMs: 60_000,
    batchSize: 100,
  });
}

beforeAll(async () => {
  const config = loadConfig();
  connection = await Connection.connect({ address: config.temporalAddress });
  temporal = new Client({ connection, namespace: config.temporalNamespace });
});

afterAll(() => connection?.close());

/** The row and its `instance.started` event, committed as `start` commits them, no workflow yet. */
async function insertStartingInstance(clientId: string): Promise<string> {
  const definition = await flowcard.dataSource.manager.findOneOrFail(ProcessDefinition, {
    where: { key: 'application-handling' },
    order: { version: 'DESC' },
  });
  const id = randomUUID();
  await flowcard.dataSource.transaction(async (manager) => {
    await manager.insert(ProcessInstance, {
      id,
      workflowId: `process-instance-${id}`,
      definitionId: definition.id,
      clientId,
      status: 'starting',
      variables: { source: 'web' },
      startedById: ids.manager,
    });
    await appendEvents(manager, [
      {
        ...events.instanceStarted({
          definitionKey: definition.key,
          version: definition.version,
          by: ids.manager,
        }),
        instanceId: id,
        actor: { userId: ids.manager },
      },
    ]);
  });
  return id;
}

it('starts a row left starting by a dead API, once, and it runs to its first user task', async () => {
  const client = await newClient('manager');
  const instanceId = await insertStartingInstance(client.id);

  // Young rows are left to their API ...
  const early = await passOver([instanceId]);
  expect(early.started).toEqual([]);

  // ... an old one is started; passes at once (two here, the app's relay perhaps) start it once.
  await flowcard.dataSource.query(
    `UPDATE process_instances SET started_at = now() - interval '2 minutes' WHERE id = $1`,
    [instanceId],
  );
  // A pass while another process holds the reconciliation lock does nothing.
  const holder = flowcard.dataSource.createQueryRunner();
  await holder.connect();
  await holder.query('SELECT pg_advisory_lock($1)', [RECONCILE_LOCK]);
  try {
    expect(await reconciler().reconcileOnce({ instanceIds: [instanceId] })).toEqual({
      ran: false,
      started: [],
      closed: [],
    });
  } finally {
    await holder.query('SELECT pg_advisory_unlock($1)', [RECONCILE_LOCK]);
    await holder.release();
  }
  const reports = await Promise.all([
    reconciler().reconcileOnce({ instanceIds: [instanceId] }),
    reconciler().reconcileOnce({ instanceIds: [instanceId] }),
  ]);
  expect(reports.filter((report) => report.ran).length).toBeLessThanOrEqual(2);
  expect(reports.flatMap((report) => report.started).length).toBeLessThanOrEqual(1);

  const task = await eventually(async () =>
    flowcard.dataSource.manager.findOneBy(UserTask, { instanceId, status: 'open' }),
  );
  expect(task.elementId).toBe('Task_QualifyApplication');
  const row = await flowcard.dataSource.manager.findOneByOrFail(ProcessInstance, {
    id: instanceId,
  });
  expect(row.status).toBe('running');
  const run = await temporal.workflow.getHandle(row.workflowId).describe();

  // A start repeated later (the API's own call arriving late) is a no-op, not a second run.
  await flowcard.dataSource.query(
    `UPDATE process_instances SET status = 'starting' WHERE id = $1`,
    [instanceId],
  );
  const again = await passOver([instanceId]);
  expect(again.started).toEqual([instanceId]);
  const after = await temporal.workflow.getHandle(row.workflowId).describe();
  expect(after.runId).toBe(run.runId);
  expect(after.status.name).toBe('RUNNING');
  expect(await flowcard.dataSource.manager.countBy(UserTask, { instanceId })).toBe(1);
});

it('closes an instance whose workflow was terminated, cancels its tasks, and the client can go', async () => {
  const client = await newClient('manager');
  const { instance, task } = await startInstance('application-handling', client);
  await temporal.workflow.getHandle(instance.workflowId).terminate('operator cleanup');

  const blocked = await as('manager', 'DELETE', `/api/clients/${client.id}`);
  expect(blocked.status).toBe(409);

  const report = await passOver([instance.id]);
  expect(report.closed).toEqual([
    {
      id: instance.id,
      status: 'cancelled',
      message: 'Temporal reports the workflow terminated',
    },
  ]);

  const manager = flowcard.dataSource.manager;
  const row = await manager.findOneByOrFail(ProcessInstance, { id: instance.id });
  expect(row).toMatchObject({
    status: 'cancelled',
    error: { elementId: null, message: 'Temporal reports the workflow terminated' },
  });
  expect(row.endedAt).not.toBeNull();
  const closedTask = await manager.findOneByOrFail(UserTask, { id: task.id });
  expect(closedTask.status).toBe('cancelled');
  const tail = await manager.find(InstanceEvent, {
    where: { instanceId: instance.id },
    order: { id: 'DESC' },
    take: 2,
  });
  expect(tail.map((event) => [event.type, event.payload])).toEqual([
    [
      'instance.cancelled',
      { error: { elementId: null, message: 'Temporal reports the workflow terminated' } },
    ],
    [
      'task.cancelled',
      {
        taskId: task.id,
        assigneeId: task.assigneeId,
        candidateRole: task.candidateRole,
        completedById: null,
      },
    ],
  ]);

  // A second pass finds nothing more to do.
  const again = await passOver([instance.id]);
  expect(again.closed).toEqual([]);

  const deleted = await as('manager', 'DELETE', `/api/clients/${client.id}`);
  expect(deleted.status).toBe(204);
});

it('leaves an instance in incident alone, and resolves its incident once Temporal closed it', async () => {
  const key = `reconcile-incident-${randomUUID().slice(0, 8)}`;
  const definition = await deploy(
    linearDiagram(key, [startEvent('Start'), crmTaskStep('Step', '=subject'), endEvent('End')]),
  );
  const client = await newClient('manager');
  const started = await as('manager', 'POST', '/api/process-instances', {
    definitionId: definition.id,
    clientId: client.id,
    variables: {},
  });
  const instanceId: string = started.body.id;
  const manager = flowcard.dataSource.manager;
  const row = await eventually(async () => {
    const current = await manager.findOneByOrFail(ProcessInstance, { id: instanceId });
    return current.status === 'incident' && current;
  });

  // Waiting for a retry is not stuck: the workflow runs.
  expect((await passOver([instanceId])).closed).toEqual([]);

  await temporal.workflow.getHandle(row.workflowId).terminate('operator cleanup');
  expect((await passOver([instanceId])).closed).toEqual([
    { id: instanceId, status: 'cancelled', message: 'Temporal reports the workflow terminated' },
  ]);
  const incident = await manager.findOneByOrFail(Incident, { instanceId });
  expect(incident).toMatchObject({ resolution: 'cancelled', resolvedById: null });
  expect(incident.resolvedAt).not.toBeNull();
  const resolved = await manager.findOneByOrFail(InstanceEvent, {
    instanceId,
    type: 'incident.resolved',
  });
  expect(resolved.payload).toEqual({ incidentId: incident.id, resolution: 'cancelled', by: null });
});

it('fails an instance Temporal has no workflow for', async () => {
  const client = await newClient('manager');
  const { instance } = await startInstance('application-handling', client);
  await flowcard.dataSource.query(`UPDATE process_instances SET workflow_id = $2 WHERE id = $1`, [
    instance.id,
    `lost-${instance.id}`,
  ]);
  const report = await passOver([instance.id]);
  expect(report.closed).toEqual([
    { id: instance.id, status: 'failed', message: 'Temporal has no workflow for this instance' },
  ]);
  await temporal.workflow.getHandle(instance.workflowId).terminate('test cleanup');
});

it('a start answers running once Temporal has the workflow', async () => {
  const client = await newClient('manager');
  const started = await as('manager', 'POST', '/api/process-instances', {
    definitionKey: 'application-handling',
    clientId: client.id,
  });
  expect(started.status).toBe(201);
  expect(started.body.status).toBe('running');
});

it('a start Temporal does not take in time is accepted as starting, and the relay starts it', async () => {
  const client = await newClient('manager');
  const previous = process.env.TEMPORAL_CALL_TIMEOUT_MS;
  process.env.TEMPORAL_CALL_TIMEOUT_MS = '1';
  const impatient = await startFlowcard({
    worker: false,
    workflowBundlePath: process.env.FLOWCARD_WORKFLOW_BUNDLE,
  }).finally(() => {
    if (previous === undefined) delete process.env.TEMPORAL_CALL_TIMEOUT_MS;
    else process.env.TEMPORAL_CALL_TIMEOUT_MS = previous;
  });
  try {
    const token = await impatient.login('manager@demo.local');
    const accepted = await impatient.api(token, 'POST', '/api/process-instances', {
      definitionKey: 'application-handling',
      clientId: client.id,
    });
    expect(accepted.status).toBe(202);
    expect(accepted.body).toMatchObject({ status: 'starting', openTasks: [] });
    const instanceId = accepted.body.id as string;

    // The client stays while its instance is starting.
    expect((await as('manager', 'DELETE', `/api/clients/${client.id}`)).status).toBe(409);

    await flowcard.dataSource.query(
      `UPDATE process_instances SET started_at = now() - interval '2 minutes' WHERE id = $1`,
      [instanceId],
    );
    // No pass by hand: the starting relay of the API processes runs every 10 s.
    const task = await eventually(
      async () => flowcard.dataSource.manager.findOneBy(UserTask, { instanceId, status: 'open' }),
      30_000,
    );
    expect(task.elementId).toBe('Task_QualifyApplication');
    const row = await flowcard.dataSource.manager.findOneByOrFail(ProcessInstance, {
      id: instanceId,
    });
    expect(row.status).toBe('running');
  } finally {
    await impatient.stop();
  }
});
