/**
 * One fire of a timer start event's schedule. Temporal names each fire's workflow by the
 * schedule and the fire time, so the fire's id says which instance it starts: the instance row
 * is written once per fire id, and its workflow is started under the instance's own workflow
 * id, so a fire retried or run twice starts one instance.
 */
import {
  ParentClosePolicy,
  proxyLocalActivities,
  startChild,
  workflowInfo,
  WorkflowIdReusePolicy,
} from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { CURRENT_PATCH_LEVEL, PROCESS_WORKFLOW_TYPE, type ProcessInstanceInput } from './contract';
import type { TimerStartActivities, TimerStartInput } from './timer-start-contract';

const { insertTimerStart, markTimerStartRunning } = proxyLocalActivities<TimerStartActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

export async function timerStartWorkflow({
  definitionId,
}: TimerStartInput): Promise<string | null> {
  const instance = await insertTimerStart(definitionId, workflowInfo().workflowId);
  if (instance === null) return null;
  const input: ProcessInstanceInput = {
    instanceId: instance.instanceId,
    model: instance.model,
    variables: instance.variables,
    patchLevel: CURRENT_PATCH_LEVEL,
  };
  try {
    await startChild(PROCESS_WORKFLOW_TYPE, {
      workflowId: instance.workflowId,
      args: [input],
      // The instance outlives the fire that started it.
      parentClosePolicy: ParentClosePolicy.ABANDON,
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
    });
  } catch (error) {
    // The starting relay started it first: the instance runs all the same.
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
  }
  await markTimerStartRunning(instance.instanceId);
  return instance.instanceId;
}
