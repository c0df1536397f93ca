/**
 * What one kind of element does with a token, as Zeebe has one processor per BPMN element
 * type: adding a kind is one module implementing `ElementBehaviour` plus its registration
 * in `./index.ts`. The engine core keeps the tokens, the waits, the variables and the
 * batch's effects and commands; a behaviour acts only through the `ElementContext`.
 */
import type { ExecutableModel, ModelNode } from '../model';
import type { Effect, EngineEvent, Token, Variables, Wait } from '../types';

export type NodeKind = ModelNode['kind'];

export type NodeOfKind<K extends NodeKind> = Extract<ModelNode, { kind: K }>;

/**
 * The events that end a wait, each naming it by its key; a signal ends every wait for it, each
 * resumed with its own key; a condition that comes to hold ends its wait.
 */
export type WaitEvent =
  | Extract<EngineEvent, { waitKey: string }>
  | (Extract<EngineEvent, { type: 'signalReceived' }> & { waitKey: string })
  /** Not an event from outside: the engine found the condition of a conditional event to hold. */
  | { type: 'conditionMet'; waitKey: string };

export interface ElementBehaviour<N extends ModelNode> {
  /** A token arrived along `viaFlowId` (null for the start token) and enters the element. */
  enter(node: N, token: Token, viaFlowId: string | null, context: ElementContext): void;
  /** For elements where a token waits for an event: user tasks, timers. */
  waitState?: WaitStateBehaviour<N>;
  /**
   * For joins: why the instance cannot go on when no token is left while the join still
   * holds arrivals along `arrivedFlowIds`.
   */
  strandedJoin?(node: N, arrivedFlowIds: string[]): string;
  /**
   * For joins that wait only for tokens that can still arrive (inclusive joins): called for
   * a join holding arrivals once every token of the batch has moved as far as it can.
   */
  settleJoin?(node: N, context: ElementContext): void;
  /**
   * For subprocesses and event subprocesses: no token is left inside the one `token` runs (but
   * event subprocesses listening for their trigger), once every token of the batch has moved
   * as far as it can.
   */
  scopeEmptied?(node: N, token: Token, context: ElementContext): void;
}

export interface WaitStateBehaviour<N extends ModelNode> {
  /**
   * The event ended the wait the element opened for `token`, which goes on. The core has
   * removed the wait (given as `wait`); `validateEvent` has matched the event to its kind.
   */
  resume(node: N, token: Token, event: WaitEvent, context: ElementContext, wait: Wait): void;
  /** The instance ends while the element waits: close what the wait opened. */
  cancel(node: N, wait: Wait, context: ElementContext): void;
}

/**
 * The batch a behaviour runs in. Everything it writes goes into this batch: effects in
 * order, each with the next key, so the same input always gives the same output.
 */
export interface ElementContext {
  readonly model: ExecutableModel;
  /** The instance variables now; a change replaces the object, never mutates it. */
  readonly variables: Variables;
  /** `EngineState.joins`: the flows each join has had arrivals along; a join keeps its own entry. */
  readonly joins: Record<string, string[]>;
  /** Every token of the instance, including those still to enter their node in this batch. */
  readonly tokens: readonly Token[];
  /** The instance's next key (see `EngineState.seq`). */
  nextKey(): string;
  emit(effect: Effect): void;
  elementStarted(node: ModelNode, token: Token): void;
  elementCompleted(node: ModelNode, token: Token): void;
  /** The element ends unfinished: an interrupting boundary event or a thrown error ended it. */
  elementTerminated(node: ModelNode, token: Token): void;
  /** Sends the token along one flow, or forks it into a new token per flow. */
  leave(token: Token, flowIds: string[]): void;
  /** Moves the token to a node without a sequence flow (a link event's jump). */
  jump(token: Token, nodeId: string): void;
  /** Ends the instance as completed now: every wait is closed, every other token dropped. */
  terminate(): void;
  /**
   * A BPMN error nothing in the instance catches: a called instance ends as failed with it, for
   * its call activity to catch (`EngineState.called`); any other raises an incident.
   */
  uncaughtError(thrower: ModelNode, errorCode: string, message: string): void;
  newToken(nodeId: string): Token;
  removeToken(token: Token): void;
  /** Keeps the token waiting until an event names this wait; a timer wait starts its timer. */
  wait(wait: Wait): void;
  /**
   * Closes every wait the token still holds, as on cancel: the boundary timers of the activity
   * it leaves, or the activity's own wait when a boundary event interrupts it.
   */
  closeWaitsOf(token: Token): void;
  /**
   * Ends everything inside the subprocess `host` waits at (its own run, for a run of a
   * multi-instance subprocess): its tokens go, with their waits closed as on cancel and their
   * elements terminated, and so do its joins' arrivals.
   */
  dropScope(host: Token): void;
  /** Ends every run of the multi-instance activity whose body token this is, as `dropScope`. */
  dropRuns(body: Token): void;
  /**
   * The token running the subprocess `scopeId` that the acting element is in: for a
   * multi-instance subprocess, its body token, which boundary events belong to.
   */
  hostOf(scopeId: string): Token | undefined;
  /** The run scope a token made now at the node would belong to (see ../run-scopes). */
  runScopeFor(nodeId: string): string | undefined;
  /**
   * Ends everything inside the scope (the process when null) but `keep`, as `dropScope` does:
   * an interrupting event subprocess starts.
   */
  interruptScope(scopeId: string | null, keep: Token): void;
  /** Stops the timer of a wait the instance no longer needs. */
  cancelTimer(waitKey: string): void;
  /** Cancels the instance a call activity started, when it no longer waits for it. */
  cancelCalledInstance(waitKey: string): void;
  changeVariables(changes: Variables, by: string | null): void;
}
