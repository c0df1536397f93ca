/**
 * `npm run test:cluster`: Flowcard on the topology of `npm run start:cluster` (the real Temporal
 * server on Postgres, two API processes behind the proxy, two workers), in a throwaway folder.
 *
 * - The demo process: instances started through API 1, their tasks completed through API 2 while
 *   worker 1 is killed with SIGKILL; live events reach sockets on API 2 and through the proxy
 *   (long-polling, kept on one process by the proxy's cookie).
 * - A signed web-form lead starts exactly one triggered instance although two API processes
 *   consume the outbox.
 * - The bench process, through both API processes and the proxy in turn.
 * Then every side effect is counted in Postgres: exactly one per instance. Prints a summary and
 * exits non-zero on any failure.
 */
import { strict as assert } from 'node:assert';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client as PgClient } from 'pg';
import { io, Socket } from 'socket.io-client';
import { call, FlowcardLoad } from '#bench/flowcard-load';
import { repoRoot } from '#server/common/repo-root';
import { signedHookHeaders } from '#server/integrations/hook-signature';
import { DEMO_PASSWORD } from '#server/seed/demo-seed';
import { freePortBlock, RunningCluster, startCluster } from './lib/cluster';
import { ensurePostgres, freePort, localLog } from './lib/infra';

const DEMO_INSTANCES = 24;
const BENCH_INSTANCES = 30;
const WAIT_MS = 120_000;

async function main() {
  const workDir = mkdtempSync(join(tmpdir(), 'flowcard-cluster-'));
  process.once('exit', () => rmSync(workDir, { recursive: true, force: true }));
  process.env.FLOWCARD_DEV_SECRETS = '1';
  const postgres = await ensurePostgres({
    dataDir: join(workDir, 'postgres'),
    port: await freePort(),
    database: 'flowcard_cluster',
    log: () => undefined,
  });
  const temporalPort = await freePortBlock(21_000, 110);
  const port = await freePortBlock(temporalPort + 400, 3);
  const log = localLog('cluster-test');
  console.log('Starting the cluster: Temporal server on Postgres, 2 API processes, 2 workers ...');
  let cluster: RunningCluster | null = null;
  try {
    cluster = await startCluster({
      databaseUrl: postgres.address,
      workDir,
      temporalPort,
      port,
      apiProcesses: 2,
      workers: 2,
      historyShards: 4,
      log,
      env: { TEMPORAL_TASK_QUEUE: 'flowcard-cluster-test', FLOWCARD_RESTART_DELAY_MS: '500' },
    });
    const db = new PgClient({ connectionString: postgres.address });
    await db.connect();
    try {
      const urls = {
        api1: `http://127.0.0.1:${cluster.apiPorts[0]}`,
        api2: `http://127.0.0.1:${cluster.apiPorts[1]}`,
        proxy: `http://127.0.0.1:${port}`,
      };
      const demo = await demoAcrossProcesses(cluster, urls, db);
      const triggered = await triggeredExactlyOnce(urls, db);
      const bench = await benchAcrossProcesses(urls, db);
      console.log(`
Cluster test passed (Temporal server ${cluster.temporalAddress}, 2 API processes, 2 workers):
  demo instances:      ${demo.instances} started on API 1, completed on API 2, worker 1 killed once
  live events:         every instance's completion seen on API 2 and through the proxy
  triggered instances: ${triggered} for one lead
  bench instances:     ${bench} over API 1, API 2 and the proxy
  lost 0, duplicated 0, stuck 0`);
    } finally {
      await db.end();
    }
  } finally {
    await cluster?.stop();
    await postgres.stop();
  }
}

interface Urls {
  api1: string;
  api2: string;
  proxy: string;
}

async function signIn(baseUrl: string, email: string): Promise<string> {
  const response = await call(baseUrl, null, 'POST', '/api/auth/login', {
    email,
    password: DEMO_PASSWORD,
  });
  assert.equal(response.status, 200, `login ${email}`);
  return response.body.accessToken;
}

async function demoAcrossProcesses(cluster: RunningCluster, urls: Urls, db: PgClient) {
  const manager = await signIn(urls.api1, 'manager@demo.local');
  const supervisor = await signIn(urls.api2, 'supervisor@demo.local');
  const onApi2 = await openSocket(urls.api2, supervisor, ['websocket']);
  // Long-polling first, as a browser behind a strict network does: only works if the proxy
  // keeps the session's requests on one API process.
  const viaProxy = await openSocket(urls.proxy, supervisor, ['polling']);
  const completedOn = { api2: new Set<string>(), proxy: new Set<string>() };
  onApi2.on('event', (event) => trackCompleted(event, completedOn.api2));
  viaProxy.on('event', (event) => trackCompleted(event, completedOn.proxy));

  const definitions = await call(urls.api1, manager, 'GET', '/api/process-definitions');
  const definition = definitions.body.find(
    (item: { key: string }) => item.key === 'application-handling',
  );
  assert.ok(definition, 'the demo process is deployed');
  const instanceIds: string[] = [];
  for (let index = 0; index < DEMO_INSTANCES; index++) {
    const client = await call(urls.api1, manager, 'POST', '/api/clients', {
      kind: 'company',
      name: `Cluster client ${index}`,
    });
    assert.equal(client.status, 201, JSON.stringify(client.body));
    const started = await retryUnavailable(() =>
      call(urls.api1, manager, 'POST', '/api/process-instances', {
        definitionId: definition.id,
        clientId: client.body.id,
      }),
    );
    assert.ok([201, 202].includes(started.status), JSON.stringify(started.body));
    instanceIds.push(started.body.id);
    for (const socket of [onApi2, viaProxy]) {
      const subscribed = await socket.emitWithAck('subscribe', {
        room: `instance:${started.body.id}`,
      });
      assert.ok(subscribed.ok, JSON.stringify(subscribed));
    }
  }
  for (const [index, instanceId] of instanceIds.entries()) {
    if (index === DEMO_INSTANCES / 2) {
      // Mid-run: the supervisor starts it again; Temporal hands its work to the other worker.
      cluster.workers[0].current?.kill('SIGKILL');
    }
    const task = await eventually(
      async () =>
        (await call(urls.api2, manager, 'GET', `/api/tasks?instanceId=${instanceId}`)).body
          .items?.[0],
    );
    const completed = await retryUnavailable(() =>
      call(urls.api2, manager, 'POST', `/api/tasks/${task.id}/complete`, {
        variables: { qualified: false },
      }),
    );
    assert.ok([200, 202].includes(completed.status), JSON.stringify(completed.body));
  }
  for (const instanceId of instanceIds) {
    await eventually(async () => {
      const card = await call(urls.api2, supervisor, 'GET', `/api/process-instances/${instanceId}`);
      assert.notEqual(card.body.status, 'failed', JSON.stringify(card.body));
      return card.body.status === 'completed';
    });
  }
  await eventually(async () =>
    instanceIds.every((id) => completedOn.api2.has(id) && completedOn.proxy.has(id)),
  );
  onApi2.disconnect();
  viaProxy.disconnect();
  assert.ok((cluster.workers[0].restarts ?? 0) >= 1, 'worker 1 was restarted');
  await assertExactlyOnce(db, instanceIds, {
    'user tasks': `SELECT instance_id AS id, count(*) FROM user_tasks
                   WHERE instance_id = ANY($1) GROUP BY instance_id`,
    'status changes to lost': `SELECT process_instance_id AS id, count(*) FROM client_status_changes
                   WHERE process_instance_id = ANY($1) AND to_status = 'lost'
                   GROUP BY process_instance_id`,
    'completion events': `SELECT instance_id AS id, count(*) FROM instance_events
                   WHERE instance_id = ANY($1) AND type = 'instance.completed' GROUP BY instance_id`,
  });
  return { instances: instanceIds.length };
}

async function triggeredExactlyOnce(urls: Urls, db: PgClient): Promise<number> {
  const analyst = await signIn(urls.proxy, 'analyst@demo.local');
  const admin = await signIn(urls.proxy, 'admin@demo.local');
  const xml = readFileSync(
    join(repoRoot(), 'workflows/bpmn/fixtures/triggered-application-handling.bpmn'),
    'utf8',
  );
  const deployed = await call(
    urls.api1,
    analyst,
    'POST',
    '/api/process-definitions',
    xml,
    'application/xml',
  );
  assert.ok([200, 201].includes(deployed.status), JSON.stringify(deployed.body));
  const rotated = await call(urls.api2, admin, 'POST', '/api/integrations/lead/rotate');
  assert.equal(rotated.status, 200, JSON.stringify(rotated.body));
  const secret: string = rotated.body.secret;
  const body = JSON.stringify({
    name: 'Triggered lead from the cluster test',
    email: `lead-${randomUUID()}@example.com`,
  });
  const response = await fetch(`${urls.proxy}/api/hooks/lead`, {
    method: 'POST',
    headers: signedHookHeaders(secret, body),
    body,
  });
  const lead = await response.json();
  assert.equal(response.status, 200, JSON.stringify(lead));
  const started = await eventually(async () => {
    const rows = await db.query(
      `SELECT i.id FROM process_instances i JOIN process_definitions d ON d.id = i.definition_id
       WHERE i.client_id = $1 AND d.key = 'triggered-application-handling'`,
      [lead.clientId],
    );
    return rows.rowCount ? rows.rows : null;
  });
  // Both API processes have seen the event by now if both were going to start an instance.
  await new Promise((resolve) => setTimeout(resolve, 6_000));
  const again = await db.query(
    `SELECT count(*)::int AS count FROM process_instances i
     JOIN process_definitions d ON d.id = i.definition_id
     WHERE i.client_id = $1 AND d.key = 'triggered-application-handling'`,
    [lead.clientId],
  );
  assert.equal(again.rows[0].count, 1, `one triggered instance, found ${again.rows[0].count}`);
  return started.length;
}

async function benchAcrossProcesses(urls: Urls, db: PgClient): Promise<number> {
  const xml = readFileSync(
    join(repoRoot(), 'workflows/bpmn/fixtures/bench-five-steps.bpmn'),
    'utf8',
  );
  const load = await FlowcardLoad.connect([urls.api1, urls.api2, urls.proxy], xml);
  try {
    const before = await db.query('SELECT count(*)::int AS count FROM process_instances');
    for (let batch = 0; batch < BENCH_INSTANCES; batch += 5) {
      await Promise.all(
        Array.from({ length: Math.min(5, BENCH_INSTANCES - batch) }, (_, offset) =>
          load.runOne(batch + offset),
        ),
      );
    }
    const after = await db.query('SELECT count(*)::int AS count FROM process_instances');
    assert.equal(after.rows[0].count - before.rows[0].count, BENCH_INSTANCES);
    const duplicated = await db.query(
      `SELECT process_instance_id, count(*) FROM activities
       WHERE process_instance_id IS NOT NULL GROUP BY process_instance_id, element_id
       HAVING count(*) > 1`,
    );
    assert.equal(duplicated.rowCount, 0, 'no process step wrote an activity twice');
    return BENCH_INSTANCES;
  } finally {
    load.close();
  }
}

/** Each query counts rows per instance id: every instance must have exactly one. */
async function assertExactlyOnce(
  db: PgClient,
  instanceIds: string[],
  queries: Record<string, string>,
) {
  for (const [what, query] of Object.entries(queries)) {
    const counts = new Map<string, number>(
      (await db.query(query, [instanceIds])).rows.map((row) => [row.id, Number(row.count)]),
    );
    const lost = instanceIds.filter((id) => !counts.has(id));
    const duplicated = instanceIds.filter((id) => (counts.get(id) ?? 0) > 1);
    assert.deepEqual({ what, lost, duplicated }, { what, lost: [], duplicated: [] });
  }
}

function trackCompleted(event: { type: string; instanceId?: string }, into: Set<string>) {
  if (event.type === 'instance.completed' && event.instanceId) into.add(event.instanceId);
}

async function openSocket(baseUrl: string, token: string, transports: ('websocket' | 'polling')[]) {
  const socket: Socket = io(`${baseUrl}/live`, {
    auth: { token },
    transports,
    // The Node client keeps cookies only when asked to: the proxy's affinity cookie is one.
    withCredentials: true,
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return socket;
}

async function retryUnavailable<T extends { status: number }>(send: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const response = await send();
    if (response.status !== 503 || attempt === 10) return response;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
}

async function eventually<T>(check: () => Promise<T | undefined | null | false>): Promise<T> {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`condition not met in ${WAIT_MS} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(`Cluster test FAILED: ${error instanceof Error ? error.stack : error}`);
    process.exit(1);
  },
);
