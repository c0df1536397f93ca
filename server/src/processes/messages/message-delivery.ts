import { Client as TemporalClient } from '@temporalio/client';
import { deliverMessageUpdate, ProcessInstanceResult } from '#workflows/temporal/contract';
import type { Variables } from '#workflows/engine/types';
import { runInstanceUpdate } from '../workflow-errors';

/**
 * Delivers a message to one open message wait of a running instance: the Temporal update every
 * sender uses (`POST /api/messages`, the trigger consumer for CRM events). Its update id names
 * the wait, so a delivery retried after a timeout joins the first one: the wait is met once.
 * 409 `INSTANCE_REFUSED` when the wait is no longer open, `INSTANCE_NOT_RUNNING` when the
 * instance has ended.
 */
export function deliverToWait(
  temporal: TemporalClient,
  timeoutMs: number,
  delivery: { workflowId: string; waitKey: string; variables: Variables },
): Promise<ProcessInstanceResult> {
  return runInstanceUpdate(temporal, timeoutMs, () =>
    temporal.workflow.getHandle(delivery.workflowId).executeUpdate(deliverMessageUpdate, {
      args: [{ waitKey: delivery.waitKey, variables: delivery.variables }],
      updateId: `message:${delivery.waitKey}`,
    }),
  );
}
