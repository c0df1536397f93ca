/** The worker process: runs process instances against the configured Postgres and Temporal. */
import { NativeConnection } from '@temporalio/worker';
import { existsSync } from 'node:fs';
import { DataSource } from 'typeorm';
import { WORKFLOW_BUNDLE_PATH } from '../../../../workflows/temporal/bundle';
import { ConfigError, loadConfig } from '../../common/config';
import { dataSourceOptions } from '../../database/data-source';
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
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.once(signal, () => worker.shutdown());
  console.log(`Flowcard worker polling task queue "${config.taskQueue}"`);
  await worker.run();
  await connection.close();
  await dataSource.destroy();
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error instanceof ConfigError ? `Flowcard cannot start: ${error.message}` : error);
    process.exit(1);
  });
}
