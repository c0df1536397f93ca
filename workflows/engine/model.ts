/**
 * The executable model: what the BPMN compiler produces and the engine runs.
 * Plain JSON (no classes, no functions) so it travels as Temporal workflow input
 * and is stored beside the definition. Everything is resolved at compile time:
 * a running instance never needs the XML again.
 */

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
] as const;

/**
 * One value a completion may set. `date` is `YYYY-MM-DD`, `time` `HH:mm` (with optional seconds),
 * `dateTime` an ISO-8601 date and time with its offset, as form-js writes them.
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

/** An intermediate message throw event: like the send task, it publishes its message. */
export interface MessageThrowNode extends NodeBase, PublishedMessage {
  kind: 'messageThrow';
}

/** A message end event: like the send task, it publishes its message; it ends its token. */
export interface MessageEndEventNode extends NodeBase, PublishedMessage {
  kind: 'messageEndEvent';
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
 * A timer on the boundary of a user task, service task or subprocess, armed while the
 * activity runs. Interrupting (`cancelActivity`), it ends the activity and the token leaves
 * along the boundary's flows; otherwise a new token leaves there and the activity goes on.
 * Exactly one of duration, date (as with timer catch events) and cycle.
 */
export type BoundaryTimerNode =
  BoundaryTimerDurationNode | BoundaryTimerDateNode | BoundaryTimerCycleNode;

export interface BoundaryTimerBase extends NodeBase {
  kind: 'boundaryTimer';
  /** The activity the timer is attached to. */
  attachedToId: string;
  cancelActivity: boolean;
}

export interface BoundaryTimerDurationNode extends BoundaryTimerBase {
  duration: ValueExpression;
}

export interface BoundaryTimerDateNode extends BoundaryTimerBase {
  date: ValueExpression;
}

/**
 * A repeating boundary timer (`timeCycle`, ISO-8601 only): it fires every interval while the
 * activity runs, at most `repetitions` times. Interrupting, its first fire ends the activity.
 */
export interface BoundaryTimerCycleNode extends BoundaryTimerBase {
  cycle: IsoCycle;
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

/** Throws a BPMN error: the nearest error boundary event of an enclosing subprocess catches it. */
export interface ErrorEndEventNode extends NodeBase {
  kind: 'errorEndEvent';
  errorCode: string;
}

/**
 * An error boundary event on a subprocess: catches the errors thrown inside it with its code,
 * or every error when `errorCode` is null. Always interrupting.
 */
export interface BoundaryErrorNode extends NodeBase {
  kind: 'boundaryError';
  attachedToId: string;
  cancelActivity: true;
  errorCode: string | null;
}

/** Throws an escalation and ends its token; an escalation no boundary event catches is ignored. */
export interface EscalationEndEventNode extends NodeBase {
  kind: 'escalationEndEvent';
  escalationCode: string;
}

/** Throws an escalation and passes the token on, unless an interrupting boundary catches it. */
export interface EscalationThrowNode extends NodeBase {
  kind: 'escalationThrow';
  escalationCode: string;
}

/**
 * An escalation boundary event on a subprocess: catches the escalations thrown inside it with
 * its code, or every escalation when `escalationCode` is null.
 */
export interface BoundaryEscalationNode extends NodeBase {
  kind: 'boundaryEscalation';
  attachedToId: string;
  cancelActivity: boolean;
  escalationCode: string | null;
}

/**
 * Waits for the message `messageName` whose correlation key equals the value of
 * `correlationKey` when the token arrives (`POST /api/messages` delivers it).
 */
export interface MessageCatchNode extends NodeBase, AwaitedMessage {
  kind: 'messageCatch';
}

/** Like a message catch event, as a task: boundary timers may be attached to it. */
export interface ReceiveTaskNode extends NodeBase, AwaitedMessage {
  kind: 'receiveTask';
}

/** What a message catch event or receive task waits for. */
export interface AwaitedMessage {
  messageName: string;
  /**
   * FEEL expression or literal, evaluated to text when the token arrives. Null only with a
   * trigger: the wait is then for the instance's client.
   */
  correlationKey: ValueExpression | null;
  /** Present when a CRM event of the outbox (of the client in the key) meets the wait too. */
  trigger?: CrmTrigger;
}

/**
 * Waits for whichever of the catch events (timers, messages) its flows lead to happens first;
 * the token goes on from that one.
 */
export interface EventBasedGatewayNode extends NodeBase {
  kind: 'eventBasedGateway';
}

/** Waits until the signal `signalName` is broadcast (`POST /api/signals` or a signal throw). */
export interface SignalCatchNode extends NodeBase {
  kind: 'signalCatch';
  signalName: string;
}

/** Broadcasts its signal to every instance waiting for it and passes the token on. */
export interface SignalThrowNode extends NodeBase {
  kind: 'signalThrow';
  signalName: string;
}

/** Broadcasts its signal and ends its token. */
export interface SignalEndEventNode extends NodeBase {
  kind: 'signalEndEvent';
  signalName: string;
}

/**
 * A signal on the boundary of a user task, receive task or subprocess, waiting while the
 * activity runs. Interrupting, it ends the activity; otherwise a new token leaves along its
 * flows each time the signal comes and the activity goes on.
 */
export interface BoundarySignalNode extends NodeBase {
  kind: 'boundarySignal';
  attachedToId: string;
  cancelActivity: boolean;
  signalName: string;
}

/**
 * A message on the boundary of a user task, receive task, service task or subprocess, waiting
 * while the activity runs for `messageName` with the correlation key evaluated when the
 * activity starts. Interrupting, it ends the activity; otherwise a new token leaves along its
 * flows each time the message comes and the activity goes on.
 */
export interface BoundaryMessageNode extends NodeBase, AwaitedMessage {
  kind: 'boundaryMessage';
  attachedToId: string;
  cancelActivity: boolean;
}

/**
 * Waits until its FEEL condition holds: evaluated when the token arrives and after every change
 * of the variables, it lets the token go on the first time it holds.
 */
export interface ConditionalCatchNode extends NodeBase {
  kind: 'conditionalCatch';
  /** FEEL boolean expression, without the leading `=`. */
  condition: string;
}

/**
 * A condition on the boundary of a user task, receive task or subprocess, evaluated when the
 * activity starts and after every change of the variables while it runs: it fires when the
 * condition comes to hold. Non-interrupting, it fires again each time the condition comes to
 * hold anew (after it stopped holding).
 */
export interface BoundaryConditionalNode extends NodeBase {
  kind: 'boundaryConditional';
  attachedToId: string;
  cancelActivity: boolean;
  /** FEEL boolean expression, without the leading `=`. */
  condition: string;
}

/** Every kind of boundary event. */
export type BoundaryNode =
  | BoundaryTimerNode
  | BoundaryErrorNode
  | BoundaryEscalationNode
  | BoundarySignalNode
  | BoundaryMessageNode
  | BoundaryConditionalNode;

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
