/**
 * The event nodes of the executable model (see ./model): boundary events, thrown and caught
 * errors, escalations, messages, signals and conditions. `./model` re-exports them.
 */
import type { CrmTrigger, IsoCycle, NodeBase, PublishedMessage, ValueExpression } from './model';

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

/** An intermediate message throw event: like the send task, it publishes its message. */
export interface MessageThrowNode extends NodeBase, PublishedMessage {
  kind: 'messageThrow';
}

/** A message end event: like the send task, it publishes its message; it ends its token. */
export interface MessageEndEventNode extends NodeBase, PublishedMessage {
  kind: 'messageEndEvent';
}
