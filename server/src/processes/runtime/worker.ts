import { NativeConnection, Worker } from '@temporalio/worker';
import { DataSource } from 'typeorm';
import { WORKFLOW_PRELOAD_MODULES, WORKFLOWS_SOURCE } from '#workflows/temporal/bundle';
import { createTimerStartActivities } from '../timer-starts/timer-start-activities';
import { createEffectActivities } from './effect-activities';

export interface WorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  dataSource: DataSource;
  /** A prebuilt workflow bundle (built once per build or test run); bundles from source when absent. */
  workflowBundlePath?: string;
}

/**
 * A Temporal worker that runs the process workflow and writes its effects into `dataSource`,
 * and the fires of timer start events' schedules.
 */
export function createWorker(options: WorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    activities: {
      ...createEffectActivities(options.dataSource),
      ...createTimerStartActivities(options.dataSource),
    },
    ...(options.workflowBundlePath
      ? { workflowBundle: { codePath: options.workflowBundlePath } }
      : {
          workflowsPath: WORKFLOWS_SOURCE,
          bundlerOptions: { preloadModules: WORKFLOW_PRELOAD_MODULES },
        }),
  });
}
