/**
 * A Postgres and a Temporal server that live only as long as one run (tests, benchmarks):
 * a temporary folder, free ports, migrations applied, and the environment pointing at them.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runMigrations } from '#server/database/data-source';
import { WORKFLOW_BUNDLE_PATH, writeWorkflowBundle } from '#workflows/temporal/bundle';
import { ensurePostgres, ensureTemporal, freePort } from './infra';

export interface ThrowawayServices {
  workDir: string;
  databaseUrl: string;
  temporalAddress: string;
  /** The workflow bundle `npm run build` made, or else a fresh one in the work folder. */
  workflowBundle(): Promise<string>;
  stop(): Promise<void>;
}

export interface ThrowawayOptions {
  /** Temporal keeps its state in a SQLite file in the work folder, as `npm start` runs it. */
  durableTemporal?: boolean;
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
  const [postgres, temporal] = await Promise.all([
    ensurePostgres({
      dataDir: join(workDir, 'postgres'),
      port: await freePort(),
      database: `flowcard_${name.replace(/\W/g, '_')}`,
      log: quiet,
    }),
    ensureTemporal({
      dbFile: options.durableTemporal ? join(workDir, 'temporal', 'temporal.db') : null,
      port: await freePort(),
      uiPort: 0,
      log: quiet,
    }),
  ]);
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
    async stop() {
      await temporal.stop();
      await postgres.stop();
      removeWorkDir();
    },
  };
}
