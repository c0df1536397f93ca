/**
 * What callers outside the workflow need to talk to it: its input, result, updates and query.
 * Kept apart from the workflow code so the API imports definitions, not workflow internals.
 */
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { ExecutableModel } from '../engine/model';
import type { EngineState, InstanceStatus, Variables } from '../engine/types';

export const PROCESS_WORKFLOW_TYPE = 'processInstanceWorkflow';

export interface ProcessInstanceInput {
  instanceId: string;
  model: ExecutableModel;
  variables: Variables;
}

export interface ProcessInstanceResult {
  status: InstanceStatus;
}

export interface CompleteUserTaskArgs {
  waitKey: string;
  variables: Variables;
  completedBy: string | null;
}

export interface CancelInstanceArgs {
  by: string | null;
  reason: string | null;
}

export interface ChangeVariablesArgs {
  variables: Variables;
  by: string | null;
}

/** Each update returns once its effects are committed, so the caller reads its own writes. */
export const completeUserTaskUpdate = defineUpdate<ProcessInstanceResult, [CompleteUserTaskArgs]>(
  'completeUserTask',
);
export const cancelInstanceUpdate = defineUpdate<ProcessInstanceResult, [CancelInstanceArgs]>(
  'cancelInstance',
);
export const changeVariablesUpdate = defineUpdate<ProcessInstanceResult, [ChangeVariablesArgs]>(
  'changeVariables',
);
export const engineStateQuery = defineQuery<EngineState>('engineState');
