/**
 * A Postgres and a Temporal server that live only as long as one run (tests, benchmarks):
 * a temporary folder, free ports, migrations applied, and the environment pointing at them.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runMigrations } from '#server/database/data-source';
import { WORKFLOW_BUNDLE_PATH, writeWorkflowBundle } from '#workflows/temporal/bundle';
import {
  ensurePostgres,
  ensureTemporal,
  freePort,
  PostgresOptions,
  RunningService,
  startEmbeddedPostgres,
  startTemporalDevServer,
  TemporalOptions,
} from './infra';

/** The two services a fault test kills and starts again. */
export type ServiceName = 'postgres' | 'temporal';

export interface ThrowawayServices {
  workDir: string;
  databaseUrl: string;
  temporalAddress: string;
  /** The workflow bundle `npm run build` made, or else a fresh one in the work folder. */
  workflowBundle(): Promise<string>;
  /** `kill -9` of the service (the fault tests); it stays down until `restart`. */
  kill(service: ServiceName): Promise<void>;
  /** Starts a killed service again on the same data and port. */
  restart(service: ServiceName): Promise<void>;
  stop(): Promise<void>;
}

export interface ThrowawayOptions {
  /** Temporal keeps its state in a SQLite file in the work folder, as `npm start` runs it. */
  durableTemporal?: boolean;
  /** `PRAGMA=VALUE` for that file beyond the dev server's defaults. */
  temporalSqlitePragmas?: string[];
  /**
   * Timers fire when due instead of up to a second late. The dev server moves a timer due sooner
   * than `history.timerProcessorMaxTimeShift` (1 s) to the end of that window: a test whose
   * timers last milliseconds would wait about a second for each.
   */
  preciseTimers?: boolean;
}

export async function startThrowawayServices(
  name: string,
  options: ThrowawayOptions = {},
): Promise<ThrowawayServices> {
  const workDir = mkdtempSync(join(tmpdir(), `flowcard-${name}-`));
  // A signal hook may exit the process before `stop` runs (see ensureTemporal).
  const removeWorkDir = () => rmSync(workDir, { recursive: true, force: true });
  process.once('exit', removeWorkDir);
  const quiet = () => undefined;
  const postgresOptions: PostgresOptions = {
    dataDir: join(workDir, 'postgres'),
    port: await freePort(),
    database: `flowcard_${name.replace(/\W/g, '_')}`,
    log: quiet,
  };
  const temporalOptions: TemporalOptions = {
    dbFile: options.durableTemporal ? join(workDir, 'temporal', 'temporal.db') : null,
    sqlitePragmas: options.temporalSqlitePragmas,
    port: await freePort(),
    uiPort: 0,
    log: quiet,
    dynamicConfig: options.preciseTimers ? { 'history.timerProcessorMaxTimeShift': '10ms' } : {},
  };
  const running: Record<ServiceName, RunningService> = Object.fromEntries(
    await Promise.all([
      ensurePostgres(postgresOptions).then((service) => ['postgres', service] as const),
      ensureTemporal(temporalOptions).then((service) => ['temporal', service] as const),
    ]),
  ) as Record<ServiceName, RunningService>;
  const { postgres, temporal } = running;
  process.env.DATABASE_URL = postgres.address;
  process.env.TEMPORAL_ADDRESS = temporal.address;
  process.env.TEMPORAL_TASK_QUEUE = `flowcard-${name}`;
  // Tests and benchmarks sign their own tokens on loopback: the development secret is enough.
  process.env.FLOWCARD_DEV_SECRETS = '1';
  await runMigrations(postgres.address);
  return {
    workDir,
    databaseUrl: postgres.address,
    temporalAddress: temporal.address,
    async workflowBundle() {
      if (existsSync(WORKFLOW_BUNDLE_PATH)) return WORKFLOW_BUNDLE_PATH;
      const path = join(workDir, 'workflow-bundle.js');
      await writeWorkflowBundle(path);
      return path;
    },
    async kill(service) {
      const kill = running[service].kill;
      if (!kill) throw new Error(`${service} runs outside this process: it cannot be killed`);
      await kill();
    },
    async restart(service) {
      running[service] =
        service === 'postgres'
          ? await startEmbeddedPostgres(postgresOptions)
          : await startTemporalDevServer(temporalOptions);
    },
    async stop() {
      await running.temporal.stop();
      await running.postgres.stop();
      removeWorkDir();
    },
  };
}
