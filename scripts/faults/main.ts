/**
 * `npm run test:faults`: Flowcard as `npm start` runs it (Postgres with fsync on, the Temporal
 * dev server on its SQLite file, the API and the worker as supervised processes from dist), a few
 * hundred instances of a process with every side-effect kind driven through REST and socket.io,
 * and meanwhile `kill -9` of the worker, the API, Temporal and Postgres in turn, each brought
 * back on the same data. Then every instance is checked (`verify.ts`), a summary printed, and
 * the exit code is non-zero unless nothing was lost, duplicated or stuck.
 *
 * Options: --instances N (200), --concurrency C (25), --rounds R (2; 8 faults a round),
 * --timeout S (600: what is not done by then is stuck).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { freePort, LOCAL_DATA_DIR, waitForPort } from '#scripts/lib/infra';
import { Supervisor } from '#scripts/lib/supervisor';
import { startThrowawayServices, ThrowawayServices } from '#scripts/lib/throwaway';
import { repoRoot } from '#server/common/repo-root';
import { dataSourceOptions } from '#server/database/data-source';
import { seedDemoData } from '#server/seed/demo-seed';
import { Driver } from './driver';
import { APP_NAMES, FaultInjector, planFaults } from './injector';
import { pause, retries } from './rest';
import { printSummary } from './summary';
import { verify } from './verify';

const dist = join(repoRoot(), 'dist');
const SCRIPTS = {
  api: join(dist, 'server/src/main.js'),
  worker: join(dist, 'server/src/processes/runtime/worker-main.js'),
};
const PROCESS_XML = join(repoRoot(), 'scripts/faults/every-effect.bpmn');
/** Test only: the API waits this long between a start's commit and `workflow.start`. */
const START_DELAY_MS = 200;
/** How long the socket client may take to receive the last events once every instance ended. */
const LIVE_SETTLE_MS = 20_000;

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  if (index < 0) return fallback;
  const value = Number(process.argv[index + 1]);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`--${name} takes a positive integer`);
  return value;
}

async function main(): Promise<number> {
  const settings = {
    instances: option('instances', 200),
    concurrency: option('concurrency', 25),
    rounds: option('rounds', 2),
    timeoutMs: option('timeout', 600) * 1000,
  };
  if (process.env.DATABASE_URL || process.env.TEMPORAL_ADDRESS) {
    throw new Error(
      'the fault test kills its own Postgres and Temporal: unset DATABASE_URL and TEMPORAL_ADDRESS',
    );
  }
  console.log('Starting Postgres (fsync on) and the Temporal dev server (SQLite file) ...');
  const services = await startThrowawayServices('faults', { durableTemporal: true });
  const supervisors: Supervisor[] = [];
  try {
    return await run(settings, services, supervisors);
  } finally {
    await Promise.all(supervisors.map((supervisor) => supervisor.stop()));
    await services.stop();
  }
}

async function run(
  settings: { instances: number; concurrency: number; rounds: number; timeoutMs: number },
  services: ThrowawayServices,
  supervisors: Supervisor[],
): Promise<number> {
  await seed(services.databaseUrl);
  const runId = Date.now().toString(36);
  const logDir = join(LOCAL_DATA_DIR, 'logs', 'faults');
  mkdirSync(logDir, { recursive: true });
  const apiPort = await freePort();
  const env = {
    ...process.env,
    DATABASE_URL: services.databaseUrl,
    TEMPORAL_ADDRESS: services.temporalAddress,
    TEMPORAL_TASK_QUEUE: `flowcard-faults-${runId}`,
    HOST: '127.0.0.1',
    PORT: String(apiPort),
    FLOWCARD_FAULT_TEST_START_DELAY_MS: String(START_DELAY_MS),
    // Rows left `starting` by a killed API are started after 2 s instead of 5 s (every 2 s).
    FLOWCARD_RECONCILE_INTERVAL_MS: '2000',
    FLOWCARD_RECONCILE_STARTING_AFTER_MS: '2000',
  };
  const supervise = (name: 'api' | 'worker') => {
    // One log per run; the restarts of a process write on after the first start's lines.
    const output = openSync(join(logDir, `${name}.log`), 'w');
    const supervisor = new Supervisor({
      name,
      spawn: () =>
        spawn(process.execPath, [SCRIPTS[name]], {
          cwd: repoRoot(),
          env: { ...env, PGAPPNAME: APP_NAMES[name] },
          stdio: ['ignore', output, output],
        }),
      backOff: { initialDelayMs: 200, maxDelayMs: 2_000, resetAfterMs: 5_000 },
      log: () => undefined,
    });
    supervisors.push(supervisor);
    supervisor.start();
    return supervisor;
  };
  const api = supervise('api');
  const worker = supervise('worker');
  await waitForPort(apiPort, 60_000);

  const startedAt = Date.now();
  const driver = await Driver.connect(
    `http://127.0.0.1:${apiPort}`,
    readFileSync(PROCESS_XML, 'utf8'),
    { runId, deadline: startedAt + settings.timeoutMs },
  );
  const plan = planFaults(settings.rounds);
  console.log(
    `Running ${settings.instances} instances, ${settings.concurrency} at a time, ` +
      `with ${plan.length} kill -9 faults (logs in ${logDir}) ...`,
  );
  const injector = new FaultInjector(services, { api, worker }, apiPort, startedAt, console.log);
  let begun = 0;
  const load = Promise.all(
    Array.from({ length: settings.concurrency }, async () => {
      while (begun < settings.instances) await driver.runOne(begun++);
    }),
  );
  let loadDone = false;
  void load.finally(() => (loadDone = true));
  // Fault k comes once k / (faults + 1) of the instances have begun: all under load.
  for (const [index, fault] of plan.entries()) {
    const threshold = ((index + 1) / (plan.length + 1)) * settings.instances;
    while (begun < threshold && !loadDone) await pause(50);
    await injector.inject(fault);
  }
  await injector.close();
  await load;
  const loadSeconds = (Date.now() - startedAt) / 1000;

  let verdict = await verify(services.databaseUrl, driver.instances, driver.live.received);
  const settleUntil = Date.now() + LIVE_SETTLE_MS;
  while (verdict.events.received < verdict.events.written && Date.now() < settleUntil) {
    await pause(500);
    verdict = await verify(services.databaseUrl, driver.instances, driver.live.received);
  }
  driver.live.close();
  return printSummary({
    verdict,
    faults: injector.injected,
    loadSeconds,
    liveReconnections: driver.live.reconnections,
    supervisorRestarts: { api: api.restarts, worker: worker.restarts },
    retries,
  });
}

async function seed(databaseUrl: string) {
  const dataSource = await new DataSource(dataSourceOptions(databaseUrl)).initialize();
  try {
    await seedDemoData(dataSource);
  } finally {
    await dataSource.destroy();
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
