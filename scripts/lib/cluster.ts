/**
 * Flowcard as a multi-process deployment on one machine: the real Temporal server on Flowcard's
 * Postgres (its own role and databases), several API processes behind one port and several
 * workers, each supervised. `npm run start:cluster` and the cluster test both start it here.
 */
import { join } from 'node:path';
import { portOpen, RunningService, waitForPort } from './infra';
import { startApiProxy } from './api-proxy';
import { API_SCRIPT, migrateAndSeed, superviseChild, WORKER_SCRIPT } from './flowcard-processes';
import { Supervisor } from './supervisor';
import {
  findOrBuildTemporalServer,
  prepareTemporalDatabases,
  startTemporalServer,
} from './temporal-server';

export interface ClusterOptions {
  /** Flowcard's Postgres; its role must be allowed to create roles and databases. */
  databaseUrl: string;
  /** Rendered Temporal configuration goes here. */
  workDir: string;
  temporalPort: number;
  /** The one port clients use; the API processes listen on the ports just above it. */
  port: number;
  apiProcesses: number;
  workers: number;
  historyShards: number;
  log: (line: string) => void;
  /** Extra environment for the API and worker processes. */
  env?: NodeJS.ProcessEnv;
}

export interface RunningCluster {
  temporalAddress: string;
  /** Each API process's own port, in the order of `apis`. */
  apiPorts: number[];
  apis: Supervisor[];
  workers: Supervisor[];
  /** Stops the proxy, the Flowcard processes and the Temporal server (not Postgres). */
  stop(): Promise<void>;
}

/** The role Temporal's server connects with; local and loopback-only, like the embedded one. */
const TEMPORAL_ROLE = {
  user: 'temporal',
  password: process.env.TEMPORAL_DB_PASSWORD ?? 'temporal',
};

export async function startCluster(options: ClusterOptions): Promise<RunningCluster> {
  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const step of stops.reverse()) await step().catch((error) => console.error(error));
  };
  try {
    const binaries = findOrBuildTemporalServer(options.log);
    const postgres = new URL(options.databaseUrl);
    const database = {
      host: postgres.hostname,
      port: Number(postgres.port || 5432),
      ...TEMPORAL_ROLE,
    };
    options.log("Preparing Temporal's databases ...");
    await prepareTemporalDatabases(options.databaseUrl, database, binaries.sqlTool);
    options.log(`Starting the Temporal server ${options.historyShards} history shards ...`);
    const temporal: RunningService = await startTemporalServer({
      binaries,
      database,
      port: options.temporalPort,
      historyShards: options.historyShards,
      workDir: join(options.workDir, 'temporal-server'),
      log: options.log,
    });
    stops.push(temporal.stop);
    await migrateAndSeed(options.databaseUrl);

    const env = {
      ...process.env,
      ...options.env,
      DATABASE_URL: options.databaseUrl,
      TEMPORAL_ADDRESS: temporal.address,
    };
    const workers = range(options.workers).map((index) =>
      superviseChild(`worker-${index}`, WORKER_SCRIPT, env),
    );
    stops.push(() => Promise.all(workers.map((worker) => worker.stop())).then(() => undefined));
    const apiPorts = range(options.apiProcesses).map((index) => options.port + index);
    const apis = apiPorts.map((port, index) =>
      superviseChild(`api-${index + 1}`, API_SCRIPT, { ...env, PORT: String(port) }),
    );
    stops.push(() => Promise.all(apis.map((api) => api.stop())).then(() => undefined));
    await Promise.all(apiPorts.map((port) => waitForPort(port, 120_000)));
    const proxy = await startApiProxy(
      options.port,
      apiPorts.map((port) => `http://127.0.0.1:${port}`),
    );
    stops.push(proxy.close);
    return { temporalAddress: temporal.address, apiPorts, apis, workers, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

function range(count: number): number[] {
  return Array.from({ length: count }, (_, index) => index + 1);
}

/**
 * A base port whose neighbours the cluster needs are free: the Temporal server takes
 * base..base+10 and base+100..base+106 for its services' gRPC and membership ports.
 */
export async function freePortBlock(from: number, size: number): Promise<number> {
  for (let base = from; base < 60_000; base += 200) {
    const ports = Array.from({ length: size }, (_, offset) => base + offset);
    const taken = await Promise.all(ports.map(portOpen));
    if (!taken.some(Boolean)) return base;
  }
  throw new Error(`no free block of ${size} ports from ${from}`);
}
