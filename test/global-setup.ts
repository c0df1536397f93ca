/**
 * Starts a throwaway Postgres and a real Temporal dev server for the integration tests,
 * migrated, and bundles the workflow code once for the whole run. Jest may run test files in
 * several workers at once: each worker gets its own copy of the migrated database and its own
 * task queue (test/worker-services.ts), so no worker's Temporal worker runs another's instances.
 */
import { join } from 'node:path';
import type { Config } from '@jest/types';
import { Client } from 'pg';
import { startThrowawayServices, ThrowawayServices } from '#scripts/lib/throwaway';
import { writeWorkflowBundle } from '#workflows/temporal/bundle';
import { workerDatabaseName } from './worker-services';

declare global {
  var flowcardTestServices: ThrowawayServices | undefined;
}

export default async function globalSetup(globalConfig: Config.GlobalConfig) {
  const services = await startThrowawayServices('test', { preciseTimers: true });
  globalThis.flowcardTestServices = services;
  await copyDatabasePerWorker(services.databaseUrl, globalConfig.maxWorkers);
  process.env.FLOWCARD_TEST_DATABASE_URL = services.databaseUrl;
  process.env.FLOWCARD_TEST_TASK_QUEUE = process.env.TEMPORAL_TASK_QUEUE;
  const bundlePath = join(services.workDir, 'workflow-bundle.js');
  await writeWorkflowBundle(bundlePath);
  process.env.FLOWCARD_WORKFLOW_BUNDLE = bundlePath;
  // Built there by the first file that serves the designer (test/harness/designer-build.ts).
  process.env.FLOWCARD_TEST_DESIGNER_DIR = join(services.workDir, 'designer');
}

async function copyDatabasePerWorker(databaseUrl: string, workers: number) {
  const migrated = new URL(databaseUrl).pathname.slice(1);
  // Copying needs the template to have no sessions, this one included.
  const maintenance = new URL(databaseUrl);
  maintenance.pathname = '/postgres';
  const admin = new Client({ connectionString: maintenance.toString() });
  await admin.connect();
  try {
    for (let worker = 1; worker <= workers; worker++) {
      await admin.query(
        `CREATE DATABASE "${workerDatabaseName(migrated, String(worker))}" TEMPLATE "${migrated}"`,
      );
    }
  } finally {
    await admin.end();
  }
}
