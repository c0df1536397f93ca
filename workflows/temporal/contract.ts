/**
 * What lies between the workflow and the rest of Flowcard: its input, result, updates and
 * query for callers, and the one Temporal activity it calls for the worker to implement.
 * Kept apart from the workflow code so the API imports definitions, not workflow internals,
 * and the workflow types its activity without knowing who implements it.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { ElementMapping } from '../engine/migration';
import type { ExecutableModel } from '../engine/model';
import type { Effect, EngineState, InstanceStatus, Variables } from '../engine/types';

export const PROCESS_WORKFLOW_TYPE = 'processInstanceWorkflow';

export interface ProcessInstanceInput {
  instanceId: string;
  model: ExecutableModel;
  /** The start variables; a resumed run has them in its engine state. */
  variables: Variables;
  /** A call activity started the instance (see `EngineState.called`). */
  called?: boolean;
  /**
   * History events after which a run continues as new (`DEFAULT_HISTORY_EVENTS_LIMIT` when
   * absent); it also does when Temporal suggests it.
   */
  historyEventsLimit?: number;
  /** Present in a run started by continue-as-new: where the run before stopped. */
  resumed?: ResumedRun;
  /**
   * The patches of the workflow its starter knew (`CURRENT_PATCH_LEVEL`): the run applies them
   * without recording patch markers (`./patches`). Absent in histories from before it existed
   * and in starts by older code, which ask `patched()` instead.
   */
  patchLevel?: number;
}

/** What every start of this code puts in `ProcessInstanceInput.patchLevel`. */
export const CURRENT_PATCH_LEVEL = 1;

/** What a run hands to the next one when it continues as new. */
export interface ResumedRun {
  state: EngineState;
  timers: CarriedTimer[];
}

/** An open timer and when it fires, in workflow time (epoch ms). */
export interface CarriedTimer {
  waitKey: string;
  firesAt: number;
}

export interface ProcessInstanceResult {
  status: InstanceStatus;
  /** The workflow's own result, once the instance ended: what a calling instance reads. */
  outcome?: InstanceOutcome;
}

/** How an instance ended, for the call activity that started it. */
export interface InstanceOutcome {
  variables: Variables;
  /** Why it failed; `errorCode` names the error end event's error that failed it, if one did. */
  error: { message: string; errorCode: string | null } | null;
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

export interface DeliverMessageArgs {
  /** The message wait it resolves (`openMessageWait`'s key). */
  waitKey: string;
  variables: Variables;
}

export interface DeliverSignalArgs {
  signalName: string;
  variables: Variables;
}

export interface RetryIncidentArgs {
  /** The open incident's key (`OpenIncident.key`, the incident row's `key`). */
  incidentKey: string;
  by: string | null;
}

export interface MigrateInstanceArgs {
  /** The model of the version the instance moves to. */
  model: ExecutableModel;
  /** From element id → to element id; elements it does not name keep their id. */
  mapping: ElementMapping;
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
export const deliverMessageUpdate = defineUpdate<ProcessInstanceResult, [DeliverMessageArgs]>(
  'deliverMessage',
);
export const deliverSignalUpdate = defineUpdate<ProcessInstanceResult, [DeliverSignalArgs]>(
  'deliverSignal',
);
/** Applies the step the open incident holds again, with the variables as they are now. */
export const retryIncidentUpdate = defineUpdate<ProcessInstanceResult, [RetryIncidentArgs]>(
  'retryIncident',
);
/** Moves the instance to another model; refused when a token would land on a missing element. */
export const migrateInstanceUpdate = defineUpdate<ProcessInstanceResult, [MigrateInstanceArgs]>(
  'migrateInstance',
);
export const engineStateQuery = defineQuery<EngineState>('engineState');
/**
 * The instance that called this one no longer waits for it: cancel it. A signal, since a
 * workflow cannot send updates; it changes nothing once the instance ended.
 */
export const cancelFromCallerSignal = defineSignal<[CancelInstanceArgs]>('cancelFromCaller');

/**
 * How often a batch is tried before its step becomes an incident: transient errors (a lost
 * connection, a deadlock, a timeout) are retried with back-off; errors the database or a domain
 * rule gives for good are not.
 */
export const EFFECT_ATTEMPTS = 10;

/**
 * What the worker's failure of a batch carries in its details (`ApplicationFailure.details[0]`):
 * the element whose effect failed and the attempt that failed.
 */
export interface EffectFailureDetails {
  elementId: string | null;
  attempt: number;
}

export interface WriteEffectsResult {
  /** Commit time of the batch (epoch ms): the engine's only notion of "now". */
  committedAt: number;
  /**
   * Buffered messages that message waits opened by the batch consumed: the workflow delivers
   * each to its wait right after the batch. Absent when none (and in histories from before).
   */
  messages?: DeliverMessageArgs[];
  /** The instances the batch's `startCalledInstance` effects wrote, for the workflow to start. */
  calledInstances?: CalledInstanceStart[];
}

/** An instance a call activity runs, as written (or found, on a retried batch) by its effect. */
export interface CalledInstanceStart {
  /** The call activity's wait for it. */
  waitKey: string;
  instanceId: string;
  workflowId: string;
  model: ExecutableModel;
  variables: Variables;
}

/**
 * The Temporal activities the workflow calls; the server's process runtime implements them.
 * `writeEffects` writes one batch of engine effects in one transaction, exactly once.
 */
export interface EffectActivities {
  writeEffects(instanceId: string, effects: Effect[]): Promise<WriteEffectsResult>;
}
