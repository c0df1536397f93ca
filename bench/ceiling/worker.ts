/**
 * The ceiling's own worker process: runs `ceilingWorkflow` from its bundle on
 * CEILING_TASK_QUEUE at TEMPORAL_ADDRESS, with default worker options as Flowcard's worker.
 */
import { NativeConnection, Worker } from '@temporalio/worker';
import { CeilingActivities } from './workflows';

async function main() {
  const address = required('TEMPORAL_ADDRESS');
  const connection = await NativeConnection.connect({ address });
  const activities: CeilingActivities = { step: async () => Date.now() };
  const worker = await Worker.create({
    connection,
    namespace: process.env.TEMPORAL_NAMESPACE ?? 'default',
    taskQueue: required('CEILING_TASK_QUEUE'),
    workflowBundle: { codePath: required('CEILING_WORKFLOW_BUNDLE') },
    activities,
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.once(signal, () => worker.shutdown());
  await worker.run();
  await connection.close();
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
