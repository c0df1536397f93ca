/** Drives the ceiling workflow from the bench process, at the concurrency Flowcard had. */
import { Client, Connection, WorkflowUpdateFailedError } from '@temporalio/client';
import { bundleWorkflowCode } from '@temporalio/worker';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { LoadShape, runLoad } from '../figures';
import { CEILING_WORKFLOW_TYPE, completeStepUpdate } from './workflows';

/** Bundles the ceiling workflow as `npm run build` bundles Flowcard's, so its worker starts without webpack. */
export async function writeCeilingBundle(outputPath: string): Promise<void> {
  const { code } = await bundleWorkflowCode({
    workflowsPath: require.resolve('./workflows'),
    logger: { info() {}, warn() {}, error: console.error, debug() {}, trace() {}, log() {} },
  });
  mkdirSync(dirname(outputPath), { recursive: true });
  writeFileSync(outputPath, code);
}

/**
 * How often a refused update is sent again. The ceiling has no push channel: a client learns
 * that the wait has begun only by trying.
 */
const RETRY_MS = 20;

export interface CeilingRun {
  startToCompleteMs: number[];
  wallSeconds: number;
  /** Updates refused because the first step was not done yet: the client's retries. */
  refusedUpdates: number;
}

/**
 * Starts ceiling workflows, completes each one's wait as soon as it accepts the update (asking
 * every RETRY_MS) and waits for each result.
 */
export async function runCeiling(options: {
  address: string;
  namespace: string;
  taskQueue: string;
  shape: LoadShape;
  idPrefix: string;
}): Promise<CeilingRun> {
  const connection = await Connection.connect({ address: options.address });
  const client = new Client({ connection, namespace: options.namespace });
  let refusedUpdates = 0;
  try {
    const { results, wallSeconds } = await runLoad(options.shape, async (index) => {
      const startedAt = performance.now();
      const handle = await client.workflow.start(CEILING_WORKFLOW_TYPE, {
        taskQueue: options.taskQueue,
        workflowId: `${options.idPrefix}-${index}`,
        args: [],
      });
      for (;;) {
        try {
          await handle.executeUpdate(completeStepUpdate);
          break;
        } catch (error) {
          if (!(error instanceof WorkflowUpdateFailedError)) throw error;
          refusedUpdates++;
          await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
        }
      }
      await handle.result();
      return performance.now() - startedAt;
    });
    return { startToCompleteMs: results, wallSeconds, refusedUpdates };
  } finally {
    await connection.close();
  }
}
