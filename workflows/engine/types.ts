/**
 * The contract between the pure engine and everything around it.
 *
 * `start(model, input)` and `advance(model, state, event)` return `{ state, commands }`.
 * The engine has no clock, no I/O and no randomness; the Temporal shell carries out
 * the commands in order and feeds the resulting events back.
 */
import type { ActivityKind, CrmTrigger } from './model';

export type Variables = Record<string, unknown>;

export type InstanceStatus = 'running' | 'completed' | 'cancelled' | 'failed';

export interface StartInput {
  instanceId: string;
  variables: Variables;
}

export interface Token {
  id: string;
  /** Node the token is at (waiting in, or about to enter). */
  nodeId: string;
  /** In a looping activity: the runs it completed so far; absent elsewhere. */
  loopCounter?: number;
}

export type Wait =
  | { kind: 'userTask'; waitKey: string; tokenId: string; elementId: string }
  | ({ kind: 'timer'; waitKey: string; tokenId: string; elementId: string } & TimerDue)
  | {
      kind: 'message';
      waitKey: string;
      tokenId: string;
      elementId: string;
      messageName: string;
      /** Null for a CRM trigger's wait on the instance's client. */
      correlationKey: string | null;
    }
  | { kind: 'signal'; waitKey: string; tokenId: string; elementId: string; signalName: string };

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
}

export type EngineEvent =
  | { type: 'userTaskCompleted'; waitKey: string; variables: Variables; completedBy: string | null }
  | { type: 'timerFired'; waitKey: string }
  | { type: 'messageReceived'; waitKey: string; variables: Variables }
  /** Ends every signal wait of the instance for this signal (a broadcast reaches them all). */
  | { type: 'signalReceived'; signalName: string; variables: Variables }
  | { type: 'cancelRequested'; by: string | null; reason: string | null }
  | { type: 'variablesChanged'; variables: Variables; by: string | null };

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
      dueInMs: number | null;
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
  | { type: 'variablesChanged'; key: string; variables: Variables; by: string | null }
  | {
      type: 'instanceEnded';
      key: string;
      status: Exclude<InstanceStatus, 'running'>;
      variables: Variables;
      /** Why the instance failed (a FEEL error, no outgoing flow matched, ...). */
      error: { elementId: string | null; message: string } | null;
    };

export type Command =
  /** Write these effects in one transaction, in order. Always the first command when present. */
  | { type: 'writeEffects'; effects: Effect[] }
  | ({ type: 'startTimer'; waitKey: string; elementId: string } & TimerDue)
  | { type: 'cancelTimer'; waitKey: string };

export interface Step {
  state: EngineState;
  commands: Command[];
}
