/**
 * The contract between the pure engine and everything around it.
 *
 * `start(model, input)` and `advance(model, state, event)` return `{ state, commands }`.
 * The engine has no clock, no I/O and no randomness; the Temporal shell carries out
 * the commands in order and feeds the resulting events back.
 */
import type { ActivityKind, CrmTrigger } from './model';

export type Variables = Record<string, unknown>;

/**
 * `incident`: a step could not proceed; the instance holds it until a supervisor retries it or
 * cancels the instance (see `OpenIncident`). `failed` is left to what ends a workflow behind the
 * engine's back (the reconciler).
 */
export type InstanceStatus = 'running' | 'incident' | 'completed' | 'cancelled' | 'failed';

export interface StartInput {
  instanceId: string;
  variables: Variables;
  /** A call activity started the instance (see `EngineState.called`). */
  called?: boolean;
  /** Gives the instance run scopes (see `EngineState.runScopes`). */
  runScopes?: boolean;
}

export interface Token {
  id: string;
  /** Node the token is at (waiting in, or about to enter). */
  nodeId: string;
  /** In a looping activity: the runs it completed so far; absent elsewhere. */
  loopCounter?: number;
  /**
   * At a multi-instance activity, the token that waits for the runs: the items and how far the
   * runs are. Absent elsewhere.
   */
  multiInstance?: MultiInstanceState;
  /** A run of a multi-instance activity: the id of the token waiting for the runs. */
  bodyId?: string;
  /** A run's own variables (its item, `loopCounter`), seen before the instance's. */
  locals?: Variables;
  /**
   * Inside a run of a multi-instance subprocess: the id of the run's token, the scope the token
   * belongs to (see ./run-scopes). Absent outside runs, and in states from before run scopes.
   */
  scopeId?: string;
}

export interface MultiInstanceState {
  items: unknown[];
  /** Runs started and completed so far. */
  started: number;
  completed: number;
  /** The outputs of the completed runs, by item; null for those that did not complete. */
  outputs: unknown[];
}

export type Wait =
  | { kind: 'userTask'; waitKey: string; tokenId: string; elementId: string }
  | ({
      kind: 'timer';
      waitKey: string;
      tokenId: string;
      elementId: string;
      /** A boundary timer with a cycle: how many times it fired before this wait; absent elsewhere. */
      fired?: number;
    } & TimerDue)
  | {
      kind: 'message';
      waitKey: string;
      tokenId: string;
      elementId: string;
      messageName: string;
      /** Null for a CRM trigger's wait on the instance's client. */
      correlationKey: string | null;
    }
  | { kind: 'signal'; waitKey: string; tokenId: string; elementId: string; signalName: string }
  /** A conditional event: `holds` is what its condition gave when last evaluated. */
  | { kind: 'condition'; waitKey: string; tokenId: string; elementId: string; holds: boolean }
  /** A call activity waits for the instance it started (the shell runs it as a child workflow). */
  | { kind: 'calledInstance'; waitKey: string; tokenId: string; elementId: string };

/**
 * When a timer fires: after a duration from the commit of the batch that started it, or at
 * an absolute time (ISO-8601 UTC, e.g. `2030-01-31T09:00:00.000Z`). The engine reads no
 * clock, so the shell turns either into a sleep.
 */
export type TimerDue = { durationMs: number } | { dueAt: string };

export interface EngineState {
  instanceId: string;
  status: InstanceStatus;
  /** Next sequence number; every token, wait and effect key takes one, so keys never repeat. */
  seq: number;
  variables: Variables;
  tokens: Token[];
  waits: Wait[];
  /** Parallel joins: gateway id → ids of incoming flows that have delivered a token so far. */
  joins: Record<string, string[]>;
  /** The open incident, while the status is `incident`. */
  incident?: OpenIncident;
  /** Incidents raised so far: numbers their keys. Absent until the first. */
  incidentCount?: number;
  /**
   * A call activity started the instance: a BPMN error nothing in it catches ends it as failed,
   * for the call activity to catch, instead of raising an incident.
   */
  called?: true;
  /**
   * Multi-instance runs are scopes of their own variables, as in Zeebe: a write to a name a run
   * holds (its item, `loopCounter`, its output element) stays in the run, and a run inside
   * another sees both runs' variables. Absent in instances started before, which keep writing
   * every variable to the instance.
   */
  runScopes?: true;
}

/** The step an incident holds: the start of the instance, or an event applied to it. */
export type PendingStep = { type: 'start' } | EngineEvent;

/**
 * A step that could not proceed (an expression that fails, a write the database refuses for
 * good or after its retries). The state is the one from before the step; `pending` is applied
 * again on retry, to the variables as they are then.
 */
export interface OpenIncident {
  /** The key of its `incidentRaised` effect: the incident's identity for the API. */
  key: string;
  elementId: string | null;
  code: string;
  message: string;
  pending: PendingStep;
}

export type EngineEvent =
  | { type: 'userTaskCompleted'; waitKey: string; variables: Variables; completedBy: string | null }
  | { type: 'timerFired'; waitKey: string }
  /**
   * The shell found a timer's date further away than the model's timer maximum when it measured
   * it from the commit time (the engine has no clock): the timer's element fails.
   */
  | { type: 'timerBeyondMaximum'; waitKey: string; inMs: number }
  | { type: 'messageReceived'; waitKey: string; variables: Variables }
  /** Ends every signal wait of the instance for this signal (a broadcast reaches them all). */
  | { type: 'signalReceived'; signalName: string; variables: Variables }
  /**
   * The instance a call activity started ended: its variables, and when it failed, why and the
   * code of the error end event that failed it (null for any other failure).
   */
  | {
      type: 'calledInstanceEnded';
      waitKey: string;
      status: Exclude<InstanceStatus, 'running'>;
      variables: Variables;
      error: { message: string; errorCode: string | null } | null;
    }
  | { type: 'cancelRequested'; by: string | null; reason: string | null }
  | { type: 'variablesChanged'; variables: Variables; by: string | null }
  /** A supervisor retries the step the open incident holds. */
  | { type: 'incidentRetried'; incidentKey: string; by: string | null };

/**
 * A database write. Every effect has a key unique across all instances
 * (`<instanceId>:<seq>`); `writeEffects` inserts it under a unique constraint so a
 * retried batch writes nothing twice.
 */
export type Effect =
  | {
      /** `elementTerminated`: a boundary event or a thrown error ended the element unfinished. */
      type: 'elementStarted' | 'elementCompleted' | 'elementTerminated';
      key: string;
      elementId: string;
      elementKind: string;
      elementName: string | null;
      tokenId: string;
    }
  | {
      type: 'createActivity';
      key: string;
      elementId: string;
      activityKind: ActivityKind;
      subject: string;
      /** Due time relative to the batch's commit time; null when none. */
      dueInMs: number | null;
      /** User id or email; null means the client's owner. */
      assignee: string | null;
    }
  | { type: 'setClientStatus'; key: string; elementId: string; status: string }
  | {
      type: 'createDeal';
      key: string;
      elementId: string;
      /** Derived from the key (`uuidFromKey`), so the step knows it before the row exists. */
      dealId: string;
      title: string;
      /** As FEEL gave it: the server checks it as the API checks an amount. */
      amount: string | number | null;
      currency: string | null;
      pipelineId: string | null;
      stageId: string | null;
      /** Null means the instance's client. */
      clientId: string | null;
      /** User id or email; null means the client's owner. */
      owner: string | null;
    }
  | { type: 'setDealStage'; key: string; elementId: string; dealId: string; stageId: string }
  | { type: 'addNote'; key: string; elementId: string; subject: string; body: string | null }
  /** `owner`: user id or email. */
  | { type: 'assignClientOwner'; key: string; elementId: string; owner: string }
  | {
      type: 'openUserTask';
      key: string;
      /** The wait this task resolves; the API completes the task by this key. */
      waitKey: string;
      elementId: string;
      name: string;
      assignee: string | null;
      candidateRole: string | null;
      /** The candidate team's name or id as the diagram gave it; absent when none. */
      candidateTeam?: string;
      dueInMs: number | null;
      /** A due date (`dueDate`) instead of `dueInMs`: ISO-8601 UTC; absent when none. */
      dueAt?: string;
      /** When to look at the task again, relative to the commit time or as a date; absent when none. */
      followUpInMs?: number;
      followUpAt?: string;
    }
  | {
      type: 'completeUserTask';
      key: string;
      waitKey: string;
      variables: Variables;
      completedBy: string | null;
    }
  | { type: 'cancelUserTask'; key: string; waitKey: string }
  | {
      type: 'openMessageWait';
      key: string;
      /** The wait the message resolves; the API delivers it by this key. */
      waitKey: string;
      elementId: string;
      messageName: string;
      /** Null: the instance's client (a CRM trigger's wait). */
      correlationKey: string | null;
      /** The CRM event that meets the wait too, when the element has a trigger. */
      trigger?: CrmTrigger;
    }
  | { type: 'closeMessageWait'; key: string; waitKey: string; status: 'received' | 'cancelled' }
  | {
      type: 'openSignalWait';
      key: string;
      /** The wait the signal resolves. */
      waitKey: string;
      elementId: string;
      signalName: string;
    }
  | { type: 'closeSignalWait'; key: string; waitKey: string; status: 'received' | 'cancelled' }
  /** A signal thrown by the instance, for the relay to deliver to every instance waiting for it. */
  | { type: 'broadcastSignal'; key: string; elementId: string; signalName: string }
  | {
      /** Writes the instance a call activity runs; the shell starts its workflow after. */
      type: 'startCalledInstance';
      key: string;
      waitKey: string;
      elementId: string;
      processKey: string;
      version: number | null;
      variables: Variables;
    }
  /**
   * A message published by the instance (send task, message throw or end event), for the
   * server to buffer under the effect's key and deliver to the instance waiting for it.
   */
  | {
      type: 'publishMessage';
      key: string;
      elementId: string;
      messageName: string;
      correlationKey: string;
      variables: Variables;
    }
  | { type: 'variablesChanged'; key: string; variables: Variables; by: string | null }
  | {
      type: 'instanceEnded';
      key: string;
      status: Exclude<InstanceStatus, 'running' | 'incident'>;
      variables: Variables;
      /**
       * Why a called instance failed: the BPMN error (`errorCode`) nothing in it caught, thrown
       * at `elementId`.
       */
      error: { elementId: string | null; message: string; errorCode?: string } | null;
    }
  | {
      type: 'incidentRaised';
      key: string;
      elementId: string | null;
      code: string;
      message: string;
      /** How many times the step was tried: 1 unless transient errors were retried. */
      attempts: number;
    }
  | {
      type: 'incidentResolved';
      key: string;
      incidentKey: string;
      /** Retried by a supervisor, or gone with the cancelled instance. */
      resolution: 'retried' | 'cancelled';
      by: string | null;
    };

export type Command =
  /** Write these effects in one transaction, in order. Always the first command when present. */
  | { type: 'writeEffects'; effects: Effect[] }
  | ({ type: 'startTimer'; waitKey: string; elementId: string } & TimerDue)
  | { type: 'cancelTimer'; waitKey: string }
  /** Start the workflow of the instance the batch's `startCalledInstance` effect wrote. */
  | { type: 'startCalledInstance'; waitKey: string }
  /** Cancel the instance a call activity started, which the caller no longer waits for. */
  | { type: 'cancelCalledInstance'; waitKey: string };

export interface Step {
  state: EngineState;
  commands: Command[];
}
