/** The worker process: runs process instances against the configured Postgres and Temporal. */
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { existsSync } from 'node:fs';
import { DataSource } from 'typeorm';
import { WORKFLOW_BUNDLE_PATH } from '#workflows/temporal/bundle';
import { ConfigError, loadConfig } from '#server/common/config';
import { dataSourceOptions } from '#server/database/data-source';
import {
  InstanceReconciler,
  reconcilerSettingsFromEnv,
} from '../reconciliation/instance-reconciler';
import { createWorker } from './worker';

async function main() {
  const config = loadConfig();
  const dataSource = await new DataSource(dataSourceOptions(config.databaseUrl)).initialize();
  const connection = await NativeConnection.connect({ address: config.temporalAddress });
  const worker = await createWorker({
    connection,
    namespace: config.temporalNamespace,
    taskQueue: config.taskQueue,
    dataSource,
    workflowBundlePath: existsSync(WORKFLOW_BUNDLE_PATH) ? WORKFLOW_BUNDLE_PATH : undefined,
  });
  // The worker process also reconciles rows with Temporal: it lives as long as instances run.
  const clientConnection = await Connection.connect({ address: config.temporalAddress });
  const reconciler = new InstanceReconciler(
    dataSource,
    new Client({ connection: clientConnection, namespace: config.temporalNamespace }),
    reconcilerSettingsFromEnv(config),
  );
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.once(signal, () => worker.shutdown());
  console.log(`Flowcard worker polling task queue "${config.taskQueue}"`);
  reconciler.start();
  await worker.run();
  await reconciler.stop();
  await clientConnection.close();
  await connection.close();
  await dataSource.destroy();
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error instanceof ConfigError ? `Flowcard cannot start: ${error.message}` : error);
    process.exit(1);
  });
}
