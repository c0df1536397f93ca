import { NativeConnection, Worker } from '@temporalio/worker';
import { DataSource } from 'typeorm';
import { createActivities } from './activities';

export interface WorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  dataSource: DataSource;
  /** A prebuilt workflow bundle (built once per build or test run); bundles from source when absent. */
  workflowBundlePath?: string;
}

export const WORKFLOWS_SOURCE = require.resolve('./workflows');

export function createWorker(options: WorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    activities: createActivities(options.dataSource),
    ...(options.workflowBundlePath
      ? { workflowBundle: { codePath: options.workflowBundlePath } }
      : { workflowsPath: WORKFLOWS_SOURCE }),
  });
}
