/**
 * What the schedule of a timer start event runs: the workflow each fire starts, its input and
 * the activities it calls for the worker to implement.
 */
import type { ExecutableModel } from '../engine/model';
import type { Variables } from '../engine/types';

export const TIMER_START_WORKFLOW_TYPE = 'timerStartWorkflow';

export interface TimerStartInput {
  /** The version whose timer start event the schedule runs. */
  definitionId: string;
}

/** An instance a fire wrote as `starting`, for the fire to start its workflow. */
export interface TimerStartedInstance {
  instanceId: string;
  workflowId: string;
  model: ExecutableModel;
  variables: Variables;
}

export interface TimerStartActivities {
  /**
   * Writes the fire's instance as `starting` (once per `fireId`: a retry answers the same one).
   * Null when the version is gone.
   */
  insertTimerStart(definitionId: string, fireId: string): Promise<TimerStartedInstance | null>;
  /** The instance's workflow is started: `starting` becomes `running`. */
  markTimerStartRunning(instanceId: string): Promise<void>;
}
