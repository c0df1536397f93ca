/**
 * The executable model: what the BPMN compiler produces and the engine runs.
 * Plain JSON (no classes, no functions) so it travels as Temporal workflow input
 * and is stored beside the definition. Everything is resolved at compile time:
 * a running instance never needs the XML again.
 */

export type * from './event-nodes';
import type {
  BoundaryConditionalNode,
  BoundaryErrorNode,
  BoundaryEscalationNode,
  BoundaryMessageNode,
  BoundarySignalNode,
  BoundaryTimerNode,
  ConditionalCatchNode,
  ErrorEndEventNode,
  EscalationEndEventNode,
  EscalationThrowNode,
  EventBasedGatewayNode,
  MessageCatchNode,
  MessageEndEventNode,
  MessageThrowNode,
  ReceiveTaskNode,
  SignalCatchNode,
  SignalEndEventNode,
  SignalThrowNode,
} from './event-nodes';

/**
 * A value written in the diagram. A string starting with `=` is a FEEL expression
 * evaluated against the instance variables when the step runs (Camunda's convention);
 * anything else is a literal.
 */
export type ValueExpression = string;

export interface ExecutableModel {
  /** BPMN process id, e.g. `application-handling`; becomes the definition key. */
  processId: string;
  name: string | null;
  startNodeId: string;
  nodes: Record<string, ModelNode>;
  flows: Record<string, SequenceFlow>;
  /**
   * The longest wait a timer may set, fixed at deploy (the server's `FLOWCARD_MAX_TIMER`);
   * absent means `DEFAULT_MAX_TIMER_MS`, so models of older deploys keep the default.
   */
  maxTimerMs?: number;
}

/**
 * About ten years (3,653 days: ten years with their leap days). Replayed instances compare
 * their timers against it, so changing it changes running instances: it must not change.
 */
export const DEFAULT_MAX_TIMER_MS = 3653 * 24 * 60 * 60 * 1000;

/** The timer maximum a model runs with. */
export function maxTimerMsOf(model: ExecutableModel): number {
  return model.maxTimerMs ?? DEFAULT_MAX_TIMER_MS;
}

export interface SequenceFlow {
  id: string;
  name: string | null;
  sourceId: string;
  targetId: string;
  /** FEEL boolean expression (without the leading `=`); null when unconditional. */
  condition: string | null;
}

/** What every node has. */
export interface NodeBase {
  id: string;
  name: string | null;
  incoming: string[];
  outgoing: string[];
  /** On an activity with `bpmn:standardLoopCharacteristics`: it runs again while the loop says so. */
  loop?: StandardLoop;
  /** On an activity with `bpmn:multiInstanceLoopCharacteristics`: it runs once per item. */
  multiInstance?: MultiInstance;
}

/**
 * A multi-instance activity: one run per item of a list, all at once or one after the other.
 * Each run sees its item and `loopCounter` (1 for the first) as variables of its own.
 */
export interface MultiInstance {
  sequential: boolean;
  /** FEEL, without the leading `=`: the list, evaluated when the activity starts. */
  inputCollection: string;
  /** The variable each run sees its item in; null for none. */
  inputElement: string | null;
  /** The variable the runs' outputs are collected into, in item order; null for none. */
  outputCollection: string | null;
  /** FEEL, without the leading `=`: a run's output, evaluated when it completes. */
  outputElement: string | null;
  /**
   * FEEL boolean, without the leading `=`, checked when a run completes (with
   * `numberOfInstances`, `numberOfCompletedInstances`, `numberOfActiveInstances`): once true,
   * the runs still going end and the activity completes.
   */
  completionCondition: string | null;
}

/**
 * A standard loop, tested after each run: the activity runs again while `condition` holds and
 * fewer than `maximum` runs were made. `loopCounter` (the runs made so far) is visible to it.
 */
export interface StandardLoop {
  /** FEEL boolean expression, without the leading `=`. */
  condition: string;
  /** At most this many runs; null for no limit (the engine's step limit still applies). */
  maximum: number | null;
}

export interface StartEventNode extends NodeBase {
  kind: 'startEvent';
}

/**
 * A start event with a message: `POST /api/messages` with its name starts the latest version
 * when no instance waits for the message; with a `trigger`, a CRM event of that type does.
 */
export interface MessageStartNode extends NodeBase {
  kind: 'messageStart';
  messageName: string;
  trigger: CrmTrigger | null;
}

/**
 * A start event with a signal: a broadcast of `signalName` (`POST /api/signals` or a signal
 * thrown by an instance) starts the latest version, with the signal's variables.
 */
export interface SignalStartNode extends NodeBase {
  kind: 'signalStart';
  signalName: string;
}

/**
 * A start event with a timer: the server keeps a schedule per process key that starts the
 * latest version at each fire time. Exactly one of date and cycle.
 */
export type TimerStartNode = TimerStartDateNode | TimerStartCycleNode;

export interface TimerStartDateNode extends NodeBase {
  kind: 'timerStart';
  /** ISO-8601 date and time with its offset, literal: the one moment it starts. */
  date: string;
}

export interface TimerStartCycleNode extends NodeBase {
  kind: 'timerStart';
  cycle: TimerCycle;
}

/**
 * A repeating timer: ISO-8601 `R<n>/<duration>` (`R5/PT1H`; `R/P1D` repeats without end) or a
 * cron expression as Camunda 8 writes it (`0 0 9 * * MON-FRI`, seconds first).
 */
export type TimerCycle = IsoCycle | { cron: string };

/** `R<n>/<duration>`: fires every `intervalMs`, `repetitions` times (null: without end). */
export interface IsoCycle {
  repetitions: number | null;
  intervalMs: number;
}

/** A CRM event of the outbox that starts the process (`flowcard:trigger`). */
export interface CrmTrigger {
  /** An event type of the server's catalogue, e.g. `client.created`. */
  event: string;
  /** FEEL boolean expression (without the leading `=`) over the event payload; null for all. */
  filter: string | null;
}

export interface EndEventNode extends NodeBase {
  kind: 'endEvent';
}

export interface ExclusiveGatewayNode extends NodeBase {
  kind: 'exclusiveGateway';
  defaultFlowId: string | null;
}

export interface ParallelGatewayNode extends NodeBase {
  kind: 'parallelGateway';
}

export interface ServiceTaskNode extends NodeBase {
  kind: 'serviceTask';
  action: CrmAction;
}

export interface UserTaskNode extends NodeBase {
  kind: 'userTask';
  /** User id or email of the assignee. */
  assignee: ValueExpression | null;
  /** Role whose members may claim the task, e.g. `manager`. */
  candidateRole: ValueExpression | null;
  /**
   * Team (its name or id) whose members and supervisors may claim the task; absent when not
   * written, so models compiled before candidate teams are unchanged.
   */
  candidateTeam?: ValueExpression;
  /** ISO-8601 duration from task creation to its due time. */
  dueIn: ValueExpression | null;
  /** The due time as a date and time (instead of `dueIn`); absent when not written. */
  dueDate?: ValueExpression;
  /** When to look at the task again: a duration from its creation, or a date and time. */
  followUpIn?: ValueExpression;
  followUpDate?: ValueExpression;
  /**
   * What a completion may set, from the task's form or its `flowcard:output` list; absent when
   * the task declares nothing, and a completion may then set any variable.
   */
  outputs?: TaskOutput[];
  /** The form-js schema the outputs come from, for the task list to render. */
  form?: FormSchema;
}

/** A form-js schema as written in the diagram (`{ components: [...] }`), kept as it is. */
export type FormSchema = Record<string, unknown>;

export const TASK_OUTPUT_TYPES = [
  'string',
  'number',
  'boolean',
  'date',
  'time',
  'dateTime',
  'localDateTime',
] as const;

/**
 * One value a completion may set. `date` is `YYYY-MM-DD`, `time` `HH:mm` (with optional seconds),
 * `dateTime` an ISO-8601 date and time with its offset, `localDateTime` one without (`YYYY-MM-DDTHH:mm`,
 * a form-js date and time field set to "No timezone"), as form-js writes them.
 */
export interface TaskOutput {
  name: string;
  type: (typeof TASK_OUTPUT_TYPES)[number];
  /** A completion must give it, neither null nor empty text. */
  required: boolean;
  /** The value must be one of these (select and radio fields). */
  values?: (string | number | boolean)[];
  /** Bounds of a number. */
  min?: number;
  max?: number;
  /** Bounds of the length of text. */
  minLength?: number;
  maxLength?: number;
}

/** Waits for a duration or until a date: exactly one of the two. */
export type TimerCatchNode = TimerDurationCatchNode | TimerDateCatchNode;

export interface TimerDurationCatchNode extends NodeBase {
  kind: 'timerCatch';
  /** ISO-8601 duration (literal or FEEL expression yielding a duration or its string). */
  duration: ValueExpression;
}

export interface TimerDateCatchNode extends NodeBase {
  kind: 'timerCatch';
  /**
   * ISO-8601 date and time with its offset (`2030-01-31T09:00:00Z`), literal or FEEL expression
   * yielding one (a FEEL date and time, or its string).
   */
  date: ValueExpression;
}

/** A plain `bpmn:task`: it does nothing and passes the token on. */
export interface TaskNode extends NodeBase {
  kind: 'task';
}

/** Work done by a person outside Flowcard: recorded on the path, passes the token on. */
export interface ManualTaskNode extends NodeBase {
  kind: 'manualTask';
}

export interface ScriptTaskNode extends NodeBase {
  kind: 'scriptTask';
  /** FEEL expression, always with its leading `=`. */
  expression: ValueExpression;
  /** The variable the expression's value is stored in. */
  resultVariable: string;
}

/** A business rule task: a FEEL expression decides, into a result variable, as a script task. */
export interface BusinessRuleTaskNode extends NodeBase {
  kind: 'businessRuleTask';
  /** FEEL expression, always with its leading `=`. */
  expression: ValueExpression;
  resultVariable: string;
}

/** Ends the whole instance at once: open user tasks are cancelled and timers stopped. */
export interface TerminateEndEventNode extends NodeBase {
  kind: 'terminateEndEvent';
}

/** Jumps to the link catch event of the same name, resolved at compile time. */
export interface LinkThrowNode extends NodeBase {
  kind: 'linkThrow';
  linkName: string;
  /** The id of the `linkCatch` node the token continues at. */
  targetId: string;
}

export interface LinkCatchNode extends NodeBase {
  kind: 'linkCatch';
  linkName: string;
}

/** A none intermediate throw event: a milestone on the path, it passes the token on. */
export interface NoneThrowNode extends NodeBase {
  kind: 'noneThrow';
}

/**
 * What a send task, message throw event or message end event publishes when its token passes,
 * as `POST /api/messages` does: the message `messageName` with the correlation key evaluated
 * then (FEEL or literal text) and the instance's variables.
 */
export interface PublishedMessage {
  /** Null, like the absent key, only in models compiled before elements published messages. */
  messageName: string | null;
  /** Absent in models compiled before elements published messages: those publish nothing. */
  correlationKey?: ValueExpression;
}

/** A send task: publishes its message and passes the token on. */
export interface SendTaskNode extends NodeBase, PublishedMessage {
  kind: 'sendTask';
}

/**
 * Split: takes every outgoing flow whose condition holds (the default flow when none does).
 * Join (several incoming flows): waits while a token of the instance can still arrive.
 */
export interface InclusiveGatewayNode extends NodeBase {
  kind: 'inclusiveGateway';
  defaultFlowId: string | null;
}

/**
 * An embedded subprocess: its nodes are in the model's `nodes` like any other, and a token
 * entering it starts one at `startNodeId`. It completes when no token is left inside.
 */
export interface SubProcessNode extends NodeBase {
  kind: 'subProcess';
  startNodeId: string;
  /** The nodes directly inside it (those of a nested subprocess are in that one's list). */
  nodeIds: string[];
}

/**
 * An event subprocess: it runs when its trigger happens while the scope it lies in (the process
 * or an embedded subprocess) runs. Interrupting, it first ends everything else in that scope;
 * otherwise it runs beside it. Its nodes are in `nodes` like a subprocess's, from `startNodeId`
 * (compiled as a none start event; the trigger is here).
 */
export interface EventSubProcessNode extends NodeBase {
  kind: 'eventSubProcess';
  startNodeId: string;
  nodeIds: string[];
  interrupting: boolean;
  trigger: EventSubProcessTrigger;
}

/** The event definition of an event subprocess's start event. */
export type EventSubProcessTrigger =
  | { kind: 'timer'; duration: ValueExpression }
  | { kind: 'timer'; date: ValueExpression }
  | { kind: 'message'; messageName: string; correlationKey: ValueExpression }
  | { kind: 'signal'; signalName: string }
  /** A null code catches every error (or escalation) thrown in the scope. */
  | { kind: 'error'; errorCode: string | null }
  | { kind: 'escalation'; escalationCode: string | null };

/**
 * Runs another process as a child instance and waits until it ends: the latest version of
 * `processKey`, or `version`. The child starts with the `inputs` (every variable when null) and
 * its end merges the `outputs` in (every child variable when null). A child that fails throws
 * an error to the call activity: the code of the error end event that failed it, else none.
 */
export interface CallActivityNode extends NodeBase {
  kind: 'callActivity';
  processKey: string;
  /** A pinned version; null for the latest when the call activity starts. */
  version: number | null;
  inputs: VariableMapping[] | null;
  outputs: VariableMapping[] | null;
}

/** `target` gets the value of the FEEL expression `source` (without its `=`). */
export interface VariableMapping {
  source: string;
  target: string;
}

export type ModelNode =
  | StartEventNode
  | EndEventNode
  | ExclusiveGatewayNode
  | ParallelGatewayNode
  | ServiceTaskNode
  | UserTaskNode
  | TimerCatchNode
  | TaskNode
  | ManualTaskNode
  | ScriptTaskNode
  | TerminateEndEventNode
  | LinkThrowNode
  | LinkCatchNode
  | InclusiveGatewayNode
  | NoneThrowNode
  | SendTaskNode
  | MessageThrowNode
  | BoundaryTimerNode
  | SubProcessNode
  | ErrorEndEventNode
  | BoundaryErrorNode
  | EscalationEndEventNode
  | EscalationThrowNode
  | BoundaryEscalationNode
  | MessageCatchNode
  | ReceiveTaskNode
  | EventBasedGatewayNode
  | SignalCatchNode
  | SignalThrowNode
  | SignalEndEventNode
  | BoundarySignalNode
  | BusinessRuleTaskNode
  | MessageStartNode
  | EventSubProcessNode
  | CallActivityNode
  | MessageEndEventNode
  | BoundaryMessageNode
  | SignalStartNode
  | TimerStartNode
  | ConditionalCatchNode
  | BoundaryConditionalNode;

export type ActivityKind = 'call' | 'task' | 'meeting';

/** `createCall`, `createTask` and `createMeeting` put a planned activity on the client card. */
export interface CreateActivityAction {
  type: 'createCall' | 'createTask' | 'createMeeting';
  subject: ValueExpression;
  /** ISO-8601 duration from now to the activity's due (or meeting) time. */
  dueIn: ValueExpression | null;
  /** User id or email of the person who should do it; the client's owner when null. */
  assignee: ValueExpression | null;
}

export interface SetClientStatusAction {
  type: 'setClientStatus';
  status: ValueExpression;
}

/** `createDeal` opens a deal; the id it gets can be kept in a variable for later steps. */
export interface CreateDealAction {
  type: 'createDeal';
  title: ValueExpression;
  /** A decimal amount (text or number); 0 when null. */
  amount: ValueExpression | null;
  /** ISO 4217 code; EUR when null. */
  currency: ValueExpression | null;
  /** Pipeline id; the stage's pipeline, else the default pipeline, when null. */
  pipeline: ValueExpression | null;
  /** Open stage id; the pipeline's first open stage when null. */
  stage: ValueExpression | null;
  /** Client id; the instance's client when null. */
  client: ValueExpression | null;
  /** User id or email of the deal's owner; the client's owner when null. */
  owner: ValueExpression | null;
  /** The variable that receives the new deal's id, or null. */
  resultVariable: string | null;
}

/** `setDealStage` moves a deal (its id from a variable, say) to another stage of its pipeline. */
export interface SetDealStageAction {
  type: 'setDealStage';
  deal: ValueExpression;
  stage: ValueExpression;
}

/** `addNote` puts a note on the instance's client card. */
export interface AddNoteAction {
  type: 'addNote';
  subject: ValueExpression;
  body: ValueExpression | null;
}

/** `assignClientOwner` makes a user (id or email) the owner of the instance's client. */
export interface AssignClientOwnerAction {
  type: 'assignClientOwner';
  owner: ValueExpression;
}

export type CrmAction =
  | CreateActivityAction
  | SetClientStatusAction
  | CreateDealAction
  | SetDealStageAction
  | AddNoteAction
  | AssignClientOwnerAction;
