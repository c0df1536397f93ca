/**
 * `node dist/bench/request-cost.js [--requests N] [--sql]`: what each hot request costs the
 * system, one request at a time, in figures other load on the machine barely moves: the SQL
 * statements (round trips) the API process and the worker send, and the CPU milliseconds the
 * API, the worker and Postgres use, per request. The API and the worker run from dist as
 * separate processes, as `npm start` runs them, with `bench/count-queries.ts` preloaded; the
 * load signs in as the demo manager, as `npm run bench` does, and runs bench-five-steps.
 *
 * A start or a completion also costs the worker's batch it causes: its phase waits until the
 * batch committed (read from Postgres directly) before it is measured. `--sql` prints each
 * phase's statements with how many times each ran per request.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import type { Socket } from 'socket.io-client';
import { DataSource } from 'typeorm';
import { freePort, LOCAL_DATA_DIR, waitForPort } from '#scripts/lib/infra';
import { startThrowawayServices } from '#scripts/lib/throwaway';
import { repoRoot } from '#server/common/repo-root';
import { dataSourceOptions } from '#server/database/data-source';
import { seedDemoData } from '#server/seed/demo-seed';
import type { QueryCount } from './count-queries';
import { call, openSocket, signIn } from './flowcard-load';
import { option } from './figures';
import { BenchChildren, cpuSecondsByGroup, processStats } from './processes';

const dist = join(repoRoot(), 'dist');
const COUNTER = join(dist, 'bench/count-queries.js');
const PROCESSES = ['api', 'worker'] as const;
type Measured = (typeof PROCESSES)[number];

interface PhaseCost {
  phase: string;
  requests: number;
  statements: Record<Measured, number>;
  cpuMs: Record<Measured | 'postgres', number>;
  byText: Record<Measured, Record<string, number>>;
}

class Counters {
  private readonly reports = new Map<number, number>();

  constructor(
    private readonly directory: string,
    private readonly pids: Record<Measured, number>,
  ) {}

  /** What each process counted since the previous call. */
  async take(): Promise<Record<Measured, QueryCount>> {
    const taken = {} as Record<Measured, QueryCount>;
    for (const name of PROCESSES) {
      const pid = this.pids[name];
      const previous = this.reports.get(pid) ?? 0;
      process.kill(pid, 'SIGWINCH');
      const file = join(this.directory, `${pid}.json`);
      for (;;) {
        if (existsSync(file)) {
          const count = JSON.parse(readFileSync(file, 'utf8')) as QueryCount;
          if (count.report > previous) {
            this.reports.set(pid, count.report);
            taken[name] = count;
            break;
          }
        }
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    }
    return taken;
  }
}

async function main() {
  const requests = option('requests', 100);
  const printSql = process.argv.includes('--sql');
  const services = await startThrowawayServices('request-cost');
  // Beside the bench's logs, kept after the run.
  const logDir = join(LOCAL_DATA_DIR, 'logs', 'request-cost');
  mkdirSync(logDir, { recursive: true });
  const children = new BenchChildren(logDir, () => ['--require', COUNTER]);
  const countDir = join(services.workDir, 'counts');
  mkdirSync(countDir);
  const dataSource = await new DataSource(dataSourceOptions(services.databaseUrl)).initialize();
  let socket: Socket | null = null;
  try {
    await seedDemoData(dataSource);
    const port = await freePort();
    const env = {
      ...process.env,
      DATABASE_URL: services.databaseUrl,
      TEMPORAL_ADDRESS: services.temporalAddress,
      HOST: '127.0.0.1',
      PORT: String(port),
      FLOWCARD_QUERY_COUNT_DIR: countDir,
    };
    const api = children.start('api', join(dist, 'server/src/main.js'), env);
    const worker = children.start(
      'worker',
      join(dist, 'server/src/processes/runtime/worker-main.js'),
      env,
    );
    await Promise.race([waitForPort(port, 60_000, api.process), children.failed]);
    const baseUrl = `http://127.0.0.1:${port}`;
    const costs = await Promise.race([
      runPhases(baseUrl, dataSource, requests, {
        counters: new Counters(countDir, { api: api.process.pid!, worker: worker.process.pid! }),
        labels: new Map([
          [api.process.pid!, 'api'],
          [worker.process.pid!, 'worker'],
        ]),
        onSocket: (opened) => (socket = opened),
      }),
      children.failed,
    ]);
    print(costs, requests, printSql);
  } finally {
    (socket as Socket | null)?.disconnect();
    await children.stopAll();
    await dataSource.destroy();
    await services.stop();
  }
}

interface Probes {
  counters: Counters;
  labels: Map<number, string>;
  onSocket: (socket: Socket) => void;
}

async function runPhases(
  baseUrl: string,
  db: DataSource,
  requests: number,
  probes: Probes,
): Promise<PhaseCost[]> {
  const analyst = await signIn(baseUrl, 'analyst@demo.local');
  const manager = await signIn(baseUrl, 'manager@demo.local');
  const xml = readFileSync(
    join(repoRoot(), 'workflows/bpmn/fixtures/bench-five-steps.bpmn'),
    'utf8',
  );
  const deployed = await call(
    baseUrl,
    analyst,
    'POST',
    '/api/process-definitions',
    xml,
    'application/xml',
  );
  const definitionId: string = deployed.body.id;
  const socket = await openSocket(baseUrl, manager);
  probes.onSocket(socket);
  const as = async (method: string, path: string, body?: unknown) => {
    const response = await call(baseUrl, manager, method, path, body).catch((error: Error) => {
      throw new Error(`${error.message} (${String((error.cause as Error | undefined)?.message)})`);
    });
    if (response.status >= 300) {
      throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(response.body)}`);
    }
    return response.body;
  };
  const costs: PhaseCost[] = [];
  const phase = async (
    name: string,
    each: (index: number) => Promise<unknown>,
    settled?: () => Promise<boolean>,
  ) => {
    // Warm-up: the first call of a kind compiles code paths and fills caches.
    await probes.counters.take();
    const before = cpuSecondsByGroup(probes.labels);
    const postgresBefore = postgresCpuSeconds();
    for (let index = 0; index < requests; index++) await each(index);
    while (settled && !(await settled())) await new Promise((resolve) => setTimeout(resolve, 100));
    const after = cpuSecondsByGroup(probes.labels);
    const postgresAfter = postgresCpuSeconds();
    const counted = await probes.counters.take();
    const cpu = (group: string) =>
      group === 'postgres'
        ? ((postgresAfter - postgresBefore) * 1000) / requests
        : (((after?.get(group) ?? 0) - (before?.get(group) ?? 0)) * 1000) / requests;
    costs.push({
      phase: name,
      requests,
      statements: {
        api: counted.api.statements / requests,
        worker: counted.worker.statements / requests,
      },
      cpuMs: { api: cpu('api'), worker: cpu('worker'), postgres: cpu('postgres') },
      byText: { api: counted.api.byText, worker: counted.worker.byText },
    });
  };

  const clientIds: string[] = [];
  const createClient = async (index: number) =>
    (
      await as('POST', '/api/clients', {
        kind: 'company',
        name: `Cost ${index}`,
        status: 'potential',
      })
    ).id as string;
  await createClient(-1);
  await phase('POST /api/clients', async (index) => clientIds.push(await createClient(index)));

  await socket.emitWithAck('subscribe', { room: `client:${clientIds[0]}` });
  await phase('socket.io subscribe client:<id>', (index) =>
    socket.emitWithAck('subscribe', { room: `client:${clientIds[index]}` }),
  );
  for (const id of clientIds) await socket.emitWithAck('unsubscribe', { room: `client:${id}` });

  const instanceIds: string[] = [];
  const start = async (clientId: string) =>
    (await as('POST', '/api/process-instances', { definitionId, clientId })).id as string;
  const warmInstance = await start(clientIds[0]);
  const openTasks = async (ids: string[]) =>
    Number(
      (
        await db.query(
          `SELECT count(*) AS n FROM user_tasks WHERE status = 'open' AND instance_id = ANY($1)`,
          [ids],
        )
      )[0].n,
    );
  while ((await openTasks([warmInstance])) < 1) await new Promise((r) => setTimeout(r, 100));
  await phase(
    'POST /api/process-instances (+ worker: first batch)',
    async (index) => instanceIds.push(await start(clientIds[index])),
    async () => (await openTasks(instanceIds)) === requests,
  );

  const taskIds: string[] = [];
  await phase('GET /api/tasks?instanceId=', async (index) => {
    const page = await as('GET', `/api/tasks?instanceId=${instanceIds[index]}`);
    taskIds.push(page.items[0].id);
  });
  await phase('GET /api/tasks?assignee=me', () => as('GET', '/api/tasks?assignee=me'));
  await phase('GET /api/tasks?claimable=true (50 rows)', () =>
    as('GET', '/api/tasks?claimable=true'),
  );
  await phase('GET /api/tasks?unassigned=true&role=manager', () =>
    as('GET', '/api/tasks?unassigned=true&role=manager'),
  );
  await phase('GET /api/process-instances/:id', (index) =>
    as('GET', `/api/process-instances/${instanceIds[index]}`),
  );
  await phase('GET /api/process-instances?status=running', () =>
    as('GET', '/api/process-instances?status=running&definitionKey=bench-five-steps'),
  );
  await phase('GET /api/clients/:id/card', (index) =>
    as('GET', `/api/clients/${clientIds[index]}/card`),
  );
  const completed = async () =>
    Number(
      (
        await db.query(
          `SELECT count(*) AS n FROM process_instances WHERE status = 'completed' AND id = ANY($1)`,
          [instanceIds],
        )
      )[0].n,
    ) === requests;
  await phase(
    'POST /api/tasks/:id/complete (+ worker: last batch)',
    (index) => as('POST', `/api/tasks/${taskIds[index]}/complete`, {}),
    completed,
  );
  await phase("idle (one request's worth of time)", () => new Promise((r) => setTimeout(r, 5)));
  return costs;
}

/**
 * CPU seconds of this process's Postgres: the postmaster with what its ended backends used
 * (reaped children's time), and its backends alive now.
 */
function postgresCpuSeconds(): number {
  const stats = processStats();
  const postmaster = stats.find((stat) => stat.ppid === process.pid && stat.comm === 'postgres');
  if (!postmaster) return 0;
  const backends = stats
    .filter((stat) => stat.ppid === postmaster.pid)
    .reduce((sum, stat) => sum + stat.cpu, 0);
  return postmaster.cpu + postmaster.reapedChildrenCpu + backends;
}

function print(costs: PhaseCost[], requests: number, printSql: boolean) {
  const [load1] = loadavg();
  console.log(
    `\nCost per request, ${requests} requests one at a time, load average ${load1.toFixed(1)}`,
  );
  console.log(
    `  ${'request'.padEnd(52)} ${'API stmts'.padStart(9)} ${'API ms'.padStart(7)} ${'worker stmts'.padStart(12)} ${'worker ms'.padStart(9)} ${'pg ms'.padStart(6)}`,
  );
  for (const cost of costs) {
    console.log(
      `  ${cost.phase.padEnd(52)} ${cost.statements.api.toFixed(1).padStart(9)} ${cost.cpuMs.api.toFixed(2).padStart(7)} ${cost.statements.worker.toFixed(1).padStart(12)} ${cost.cpuMs.worker.toFixed(2).padStart(9)} ${cost.cpuMs.postgres.toFixed(2).padStart(6)}`,
    );
  }
  if (!printSql) return;
  for (const cost of costs) {
    console.log(`\n${cost.phase}`);
    for (const name of PROCESSES) {
      for (const [text, count] of Object.entries(cost.byText[name])) {
        console.log(
          `  ${name.padEnd(6)} ${(count / requests).toFixed(2).padStart(6)}  ${text.slice(0, 160)}`,
        );
      }
    }
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
