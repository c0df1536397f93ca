/**
 * Starts a throwaway Postgres and a real Temporal dev server for the integration tests,
 * migrates the database and bundles the workflow code once for the whole run.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runMigrations } from '../server/src/database/data-source';
import { writeWorkflowBundle } from '../workflows/temporal/bundle';
import { ensurePostgres, ensureTemporal, freePort, RunningService } from '../scripts/lib/infra';

declare global {
  var flowcardTestServices: RunningService[] | undefined;
}

export default async function globalSetup() {
  const workDir = mkdtempSync(join(tmpdir(), 'flowcard-test-'));
  const quiet = () => undefined;
  const [postgres, temporal] = await Promise.all([
    ensurePostgres({
      dataDir: join(workDir, 'postgres'),
      port: await freePort(),
      database: 'flowcard_test',
      log: quiet,
    }),
    ensureTemporal({ dbFile: null, port: await freePort(), uiPort: 0, log: quiet }),
  ]);
  globalThis.flowcardTestServices = [temporal, postgres];
  await runMigrations(postgres.address);
  const bundlePath = join(workDir, 'workflow-bundle.js');
  await writeWorkflowBundle(bundlePath);
  process.env.DATABASE_URL = postgres.address;
  process.env.TEMPORAL_ADDRESS = temporal.address;
  process.env.FLOWCARD_WORKFLOW_BUNDLE = bundlePath;
  process.env.TEMPORAL_TASK_QUEUE = 'flowcard-test';
}
