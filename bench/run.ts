/**
 * `npm run bench`: Flowcard as `npm start` runs it (Postgres with fsync on, the Temporal dev
 * server with its SQLite file, the API and the worker as separate processes from dist), driven
 * from this process through REST and socket.io only, in two phases (bench/flowcard-phases.ts):
 * throughput, each step learned as the web app learns it (a socket.io event, then one REST
 * read), then latency, instances started at half that rate with each step polled on REST and
 * heard on socket.io. Then, on the same Temporal server at the same concurrency, the ceiling: a
 * bare workflow of the same shape with no Flowcard code. Prints figures and ends with one JSON
 * line; it never fails on time.
 *
 * Options: --instances N (200; with --duration, none unless given), --concurrency C (20),
 * --duration S (sustained load for S seconds): the throughput phase and the ceiling;
 * --latency-instances N (half as many as the throughput phase completed), --poll-ms MS (20):
 * the latency phase; --fallback-ms MS (1000): a step whose event has not come in the
 * throughput phase is read anyway this often (counted); --api-processes N (1), --workers N (1),
 * --temporal-address host:port (an external Temporal; no dev server then),
 * --temporal-sqlite-pragmas (the dev server's SQLite file in WAL mode, synchronous=normal),
 * --cpu-prof DIR (CPU profiles of every child process, one folder per process),
 * --watchers N (N more socket.io clients watching the group task list during both phases, timed
 * per phase; bench/watchers.ts).
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { DataSource } from 'typeorm';
import { freePort, LOCAL_DATA_DIR, WAL_SQLITE_PRAGMAS, waitForPort } from '#scripts/lib/infra';
import { startThrowawayServices, ThrowawayServices } from '#scripts/lib/throwaway';
import { repoRoot } from '#server/common/repo-root';
import { dataSourceOptions } from '#server/database/data-source';
import { seedDemoData } from '#server/seed/demo-seed';
import { CeilingRun, runCeiling, writeCeilingBundle } from './ceiling/load';
import { flagOption, LoadShape, option, optionalOption, textOption } from './figures';
import { Watchers } from './watchers';
import { DEFAULT_FALLBACK_MS, DEFAULT_POLL_MS, FlowcardLoad } from './flowcard-load';
import { describeShape, runFlowcardPhases } from './flowcard-phases';
import { BenchChildren, coresUsed, cpuSecondsByGroup } from './processes';
import { report } from './report';

const dist = join(repoRoot(), 'dist');
const API_SCRIPT = join(dist, 'server/src/main.js');
const WORKER_SCRIPT = join(dist, 'server/src/processes/runtime/worker-main.js');
const CEILING_WORKER_SCRIPT = join(dist, 'bench/ceiling/worker.js');
const PROFILE_PRELOAD = join(dist, 'bench/exit-on-sigterm.js');

interface Settings {
  shape: LoadShape;
  latencyInstances: number | null;
  pollMs: number;
  fallbackMs: number;
  apiProcesses: number;
  workers: number;
  temporalAddress: string | null;
  /** The dev server's SQLite pragmas beyond its defaults. */
  sqlitePragmas: string[];
  profileDir: string | null;
  watchers: number;
}

function readSettings(): Settings {
  const duration = optionalOption('duration');
  const profileDir = textOption('cpu-prof');
  const temporalAddress = textOption('temporal-address');
  const sqlitePragmas = flagOption('temporal-sqlite-pragmas') ? WAL_SQLITE_PRAGMAS : [];
  if (temporalAddress && sqlitePragmas.length > 0)
    throw new Error(
      '--temporal-sqlite-pragmas sets up the dev server: not with --temporal-address',
    );
  return {
    shape: {
      concurrency: option('concurrency', 20),
      instances: duration === null ? option('instances', 200) : optionalOption('instances'),
      durationMs: duration === null ? null : duration * 1000,
    },
    latencyInstances: optionalOption('latency-instances'),
    pollMs: option('poll-ms', DEFAULT_POLL_MS),
    fallbackMs: option('fallback-ms', DEFAULT_FALLBACK_MS),
    apiProcesses: option('api-processes', 1),
    workers: option('workers', 1),
    temporalAddress,
    sqlitePragmas,
    profileDir: profileDir === null ? null : resolve(profileDir),
    watchers: option('watchers', 0),
  };
}

/** What stops everything the bench started, once, in reverse order, also on Ctrl-C. */
function cleanup() {
  const steps: (() => Promise<void>)[] = [];
  let stopping: Promise<void> | null = null;
  const stopAll = () =>
    (stopping ??= (async () => {
      for (const step of steps.reverse()) await step().catch((error) => console.error(error));
    })());
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      console.log('\nStopping the benchmark ...');
      void stopAll().then(() => process.exit(130));
    });
  }
  return { add: (step: () => Promise<void>) => steps.push(step), stopAll };
}

function childNodeArgs(settings: Settings) {
  return (label: string): string[] =>
    settings.profileDir
      ? [
          '--cpu-prof',
          `--cpu-prof-dir=${join(settings.profileDir, label)}`,
          '--require',
          PROFILE_PRELOAD,
        ]
      : [];
}

async function main() {
  const settings = readSettings();
  const { add, stopAll } = cleanup();
  try {
    await bench(settings, add);
  } finally {
    await stopAll();
  }
}

async function bench(settings: Settings, add: (step: () => Promise<void>) => void) {
  const loadBefore = loadavg()[0];
  if (settings.temporalAddress) process.env.TEMPORAL_ADDRESS = settings.temporalAddress;
  const storage = sqliteFile(settings.sqlitePragmas);
  console.log(
    settings.temporalAddress
      ? `Starting Postgres (fsync on); Temporal at ${settings.temporalAddress} ...`
      : `Starting Postgres (fsync on) and the Temporal dev server (${storage}) ...`,
  );
  const starting = startThrowawayServices('bench', {
    durableTemporal: true,
    temporalSqlitePragmas: settings.sqlitePragmas,
  });
  // A start that failed has said why already; what did start is stopped by its exit hooks.
  add(() =>
    starting.then(
      (started) => started.stop(),
      () => undefined,
    ),
  );
  const services = await starting;
  const runId = Date.now().toString(36);
  // Beside `npm start`'s logs, and kept after the run for a look at what went wrong.
  const logDir = join(LOCAL_DATA_DIR, 'logs', 'bench');
  mkdirSync(logDir, { recursive: true });
  const nodeArgs = childNodeArgs(settings);
  const flowcard = new BenchChildren(logDir, nodeArgs);
  add(() => flowcard.stopAll());
  const ceiling = new BenchChildren(logDir, nodeArgs);
  add(() => ceiling.stopAll());

  const postgresSettings = await prepareDatabase(services);
  const taskQueue = `flowcard-bench-${runId}`;
  const env = {
    ...process.env,
    DATABASE_URL: services.databaseUrl,
    TEMPORAL_ADDRESS: services.temporalAddress,
    TEMPORAL_TASK_QUEUE: taskQueue,
    HOST: '127.0.0.1',
  };
  const ceilingBundle = join(services.workDir, 'ceiling-workflow-bundle.js');
  const bundling = writeCeilingBundle(ceilingBundle);
  const apiPorts: number[] = [];
  for (let index = 1; index <= settings.apiProcesses; index++) {
    const port = await freePort();
    apiPorts.push(port);
    flowcard.start(`api-${index}`, API_SCRIPT, { ...env, PORT: String(port) });
  }
  for (let index = 1; index <= settings.workers; index++)
    flowcard.start(`worker-${index}`, WORKER_SCRIPT, env);
  await Promise.race([
    Promise.all(
      apiPorts.map((port, index) => waitForPort(port, 60_000, flowcard.all[index].process)),
    ),
    flowcard.failed,
  ]);
  await bundling;

  const xml = readFileSync(
    join(repoRoot(), 'workflows/bpmn/fixtures/bench-five-steps.bpmn'),
    'utf8',
  );
  const baseUrls = apiPorts.map((port) => `http://127.0.0.1:${port}`);
  const load = await FlowcardLoad.connect(baseUrls, xml, {
    pollMs: settings.pollMs,
    fallbackMs: settings.fallbackMs,
  });
  add(async () => load.close());
  let watchers: Watchers | null = null;
  if (settings.watchers > 0) {
    console.log(`Connecting ${settings.watchers} socket.io watchers ...`);
    watchers = await Watchers.connect(baseUrls, settings.watchers);
    add(async () => watchers?.close());
  }
  const phases = await runFlowcardPhases(load, flowcard, watchers, settings);
  load.close();
  // The ceiling gets the machine as Flowcard had it: Flowcard's processes are gone meanwhile.
  await flowcard.stopAll();

  console.log(`Running the ceiling: ${describeShape(settings.shape)} ...`);
  const ceilingRun = await runCeilingLoad(settings, services, ceiling, ceilingBundle, runId);

  report({
    shape: settings.shape,
    apiProcesses: settings.apiProcesses,
    workers: settings.workers,
    postgres: postgresSettings,
    temporal: settings.temporalAddress ?? `dev server, ${storage}`,
    pollMs: settings.pollMs,
    fallbackMs: settings.fallbackMs,
    flowcard: phases,
    ceiling: ceilingRun.run,
    ceilingCores: ceilingRun.cores,
    loadBefore,
  });
}

function sqliteFile(pragmas: string[]): string {
  return pragmas.length === 0 ? 'SQLite file' : `SQLite file with ${pragmas.join(', ')}`;
}

async function prepareDatabase(services: ThrowawayServices): Promise<string> {
  const dataSource = await new DataSource(dataSourceOptions(services.databaseUrl)).initialize();
  try {
    await seedDemoData(dataSource);
    const [{ fsync }] = await dataSource.query('SHOW fsync');
    const [{ synchronous_commit }] = await dataSource.query('SHOW synchronous_commit');
    return `fsync ${fsync}, synchronous_commit ${synchronous_commit}`;
  } finally {
    await dataSource.destroy();
  }
}

async function runCeilingLoad(
  settings: Settings,
  services: ThrowawayServices,
  ceiling: BenchChildren,
  bundlePath: string,
  runId: string,
): Promise<{ run: CeilingRun; cores: ReturnType<typeof coresUsed> }> {
  const taskQueue = `ceiling-bench-${runId}`;
  const env = {
    ...process.env,
    TEMPORAL_ADDRESS: services.temporalAddress,
    CEILING_TASK_QUEUE: taskQueue,
    CEILING_WORKFLOW_BUNDLE: bundlePath,
  };
  for (let index = 1; index <= settings.workers; index++)
    ceiling.start(`ceiling-worker-${index}`, CEILING_WORKER_SCRIPT, env);
  const options = {
    address: services.temporalAddress,
    namespace: process.env.TEMPORAL_NAMESPACE ?? 'default',
    taskQueue,
  };
  const shape = settings.shape;
  const warmUp = { concurrency: shape.concurrency, instances: shape.concurrency, durationMs: null };
  await Promise.race([
    runCeiling({ ...options, shape: warmUp, idPrefix: `warm-up-${runId}` }),
    ceiling.failed,
  ]);
  const labels = new Map(ceiling.all.map((child) => [child.process.pid!, child.label]));
  const before = cpuSecondsByGroup(labels);
  const run = await Promise.race([
    runCeiling({ ...options, shape, idPrefix: `ceiling-${runId}` }),
    ceiling.failed,
  ]);
  const cores = coresUsed(before, cpuSecondsByGroup(labels), run.wallSeconds);
  await ceiling.stopAll();
  return { run, cores };
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
