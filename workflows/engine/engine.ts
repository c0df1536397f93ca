/**
 * The process engine: a pure state machine over the executable model.
 *
 * `start` and `advance` move tokens through every automatic step they can (start and end
 * events, gateways, service tasks) until each token waits at a user task or timer, and
 * return the whole batch as ONE `writeEffects` command followed by timer commands. They
 * read no clock, do no I/O and draw no random numbers, so Temporal can replay them.
 *
 * What each kind of element does lives in `./elements`, one module per kind; this core keeps
 * the tokens, the waits, the variables and the batch's effects and commands.
 *
 * Bad data in a running instance (a FEEL error, no matching flow, a loop without a wait
 * state) fails the instance with an `instanceEnded` effect naming the element; only
 * programming errors (an event `validateEvent` would refuse, a corrupt model) throw.
 */
import type { WaitStateBehaviour } from './elements/element-behaviour';
import { evaluateCondition } from '../expressions/feel';
import { behaviourOf } from './elements';
import { armEventSubProcesses } from './elements/event-sub-process';
import { attempt } from './evaluation';
import { InstanceFailure } from './failure';
import type { ExecutableModel, ModelNode, SubProcessNode } from './model';
import { isPlainObject } from './plain-object';
import { validateEvent } from './validate-event';
import {
  enterMultiInstance,
  isMultiInstance,
  type MultiInstanceContext,
  runCompleted,
  runLocals,
} from './multi-instance';
import { depthOf, isInside, isScope } from './scopes';
import { commandsOf, copyState } from './state';
import type {
  Effect,
  EngineEvent,
  EngineState,
  StartInput,
  Step,
  Token,
  Variables,
  Wait,
} from './types';

export { validateEvent } from './validate-event';

/** Automatic steps one call may take before the engine assumes a loop without a wait state. */
export const MAX_STEPS_PER_BATCH = 10_000;

export function start(model: ExecutableModel, input: StartInput): Step {
  if (!isPlainObject(input.variables)) throw new Error('the start variables must be an object');
  const batch = new Batch(model, {
    instanceId: input.instanceId,
    status: 'running',
    seq: 0,
    variables: input.variables,
    tokens: [],
    waits: [],
    joins: {},
  });
  batch.begin();
  return batch.finish();
}

export function advance(model: ExecutableModel, state: EngineState, event: EngineEvent): Step {
  const problem = validateEvent(state, event);
  if (problem !== null) throw new Error(`cannot apply ${event.type}: ${problem}`);
  const batch = new Batch(model, copyState(state));
  batch.handle(event);
  return batch.finish();
}

/** A token that reached a node and has yet to enter it, and the flow it came along. */
interface Arrival {
  token: Token;
  viaFlowId: string | null;
}

/**
 * One call's worth of work on a private copy of the state: the element behaviours act
 * through it (see ./elements). The variables object is shared with the caller's state but
 * never mutated: a change replaces it.
 */
class Batch implements MultiInstanceContext {
  private readonly effects: Effect[] = [];
  private readonly arrivals: Arrival[] = [];
  // What the commands start and stop besides the effects (see `BatchWaits`), by wait key.
  private readonly newTimers = new Set<string>();
  private readonly cancelledTimers: string[] = [];
  private readonly calledInstances: string[] = [];
  private readonly cancelledCalls: string[] = [];
  private steps = 0;
  /** The token whose element acts now: a multi-instance run's variables are its own. */
  private current: Token | null = null;

  constructor(
    readonly model: ExecutableModel,
    private readonly state: EngineState,
  ) {}

  get variables(): Variables {
    const locals = this.current && this.localsOf(this.current);
    return locals ? { ...this.state.variables, ...locals } : this.state.variables;
  }

  private localsOf(token: Token): Variables | undefined {
    return runLocals(this.model, this.state.tokens, token);
  }

  /** Runs the work as the token's element: it sees the token's run's variables. */
  private as<T>(token: Token, work: () => T): T {
    const previous = this.current;
    this.current = token;
    try {
      return work();
    } finally {
      this.current = previous;
    }
  }

  get joins(): Record<string, string[]> {
    return this.state.joins;
  }

  get tokens(): readonly Token[] {
    return this.state.tokens;
  }

  begin(): void {
    const token = this.newToken(this.model.startNodeId);
    this.run(() => {
      armEventSubProcesses(null, this);
      this.arrivals.push({ token, viaFlowId: null });
    });
  }

  handle(event: EngineEvent): void {
    switch (event.type) {
      case 'userTaskCompleted':
      case 'timerFired':
      case 'messageReceived':
      case 'calledInstanceEnded':
        return this.run(() => {
          const { token, node } = this.endWait(event.waitKey);
          this.as(token, () => this.waitStateOf(node).resume(node, token, event, this));
        });
      case 'signalReceived':
        return this.run(() => this.receiveSignal(event));
      case 'cancelRequested':
        return this.end('cancelled', null);
      case 'variablesChanged':
        return this.changeVariables(event.variables, event.by);
    }
  }

  finish(): Step {
    const commands = commandsOf(this.state, this.effects, {
      newTimers: this.newTimers,
      cancelledTimers: this.cancelledTimers,
      calledInstances: this.calledInstances,
      cancelledCalls: this.cancelledCalls,
    });
    return { state: this.state, commands };
  }

  /** Does `work`, then moves every arrived token on until all wait; fails the instance on bad data. */
  private run(work: () => void): void {
    try {
      work();
      do {
        for (let arrival = this.arrivals.shift(); arrival; arrival = this.arrivals.shift()) {
          this.enter(arrival);
        }
      } while (this.settleJoins() || this.settleSubProcesses());
      if (this.state.status === 'running' && this.state.tokens.every(this.isListening)) {
        this.stopListening(this.state.tokens);
        this.finishWithoutTokens();
      }
    } catch (error) {
      if (!(error instanceof InstanceFailure)) throw error;
      this.arrivals.length = 0;
      this.end('failed', { elementId: error.elementId, message: error.message });
    }
  }

  private enter({ token, viaFlowId }: Arrival): void {
    const node = this.node(token.nodeId);
    if (++this.steps > MAX_STEPS_PER_BATCH) {
      throw new InstanceFailure(
        node.id,
        `more than ${MAX_STEPS_PER_BATCH} automatic steps without reaching a user task or timer; ` +
          'the process probably loops without a wait state',
      );
    }
    if (isMultiInstance(node) && token.bodyId === undefined) {
      return enterMultiInstance(node, token, this);
    }
    this.as(token, () => behaviourOf(node).enter(node, token, viaFlowId, this));
  }

  arrive(token: Token): void {
    this.arrivals.push({ token, viaFlowId: null });
  }

  dropRun(token: Token): void {
    const arriving = this.arrivals.some((arrival) => arrival.token === token);
    this.dropInside(token.nodeId, null);
    this.closeWaitsOf(token);
    if (!arriving) this.elementTerminated(this.node(token.nodeId), token);
    this.removeToken(token);
    const kept = this.arrivals.filter((arrival) => arrival.token !== token);
    this.arrivals.splice(0, this.arrivals.length, ...kept);
  }

  /**
   * Every token has moved as far as it can: joins that wait for whatever can still arrive
   * (inclusive joins) decide now. True when one of them sent a token on.
   */
  private settleJoins(): boolean {
    for (const joinId of Object.keys(this.state.joins)) {
      const join = this.node(joinId);
      behaviourOf(join).settleJoin?.(join, this);
      if (this.arrivals.length > 0) return true;
    }
    return false;
  }

  /**
   * Every token has moved as far as it can: a subprocess or event subprocess with no token left
   * inside it (but event subprocesses listening) and no join there holding arrivals completes.
   * True when one did, as its token went on or its scope may now be empty in turn.
   */
  private settleSubProcesses(): boolean {
    for (const host of this.state.tokens) {
      const node = this.node(host.nodeId);
      if (!isScope(node) || this.isListening(host) || host.multiInstance) continue;
      const inside = (token: Token) => isInside(this.model, token.nodeId, node.id);
      const left = this.state.tokens.filter(inside);
      if (!left.every(this.isListening)) continue;
      const [heldJoin] = Object.keys(this.state.joins).filter((joinId) =>
        isInside(this.model, joinId, node.id),
      );
      if (heldJoin !== undefined) this.failStrandedJoin(heldJoin);
      this.stopListening(left);
      this.as(host, () => behaviourOf(node).scopeEmptied?.(node, host, this));
      return true;
    }
    return false;
  }

  /** Whether the token only waits for an event subprocess's trigger. */
  private readonly isListening = (token: Token): boolean =>
    this.model.nodes[token.nodeId]?.kind === 'eventSubProcess' &&
    this.state.waits.some((wait) => wait.tokenId === token.id);

  /** The scope the listening tokens are in ends: their waits close and they go. */
  private stopListening(listening: readonly Token[]): void {
    for (const token of listening) {
      this.closeWaitsOf(token);
      this.removeToken(token);
    }
  }

  leave(token: Token, flowIds: string[]): void {
    const node = this.node(token.nodeId);
    if (token.bodyId !== undefined && isMultiInstance(node)) {
      return this.as(token, () => runCompleted(node, token, this));
    }
    if (this.loopsAgain(token)) {
      this.arrivals.push({ token, viaFlowId: null });
      return;
    }
    if (flowIds.length === 1) return this.moveAlong(token, flowIds[0]);
    this.removeToken(token);
    for (const flowId of flowIds) this.moveAlong(this.newToken(token.nodeId), flowId);
  }

  /**
   * The token completed a run of the looping activity it is at: true when it runs again (the
   * count of runs goes up), false when it leaves (the count goes).
   */
  private loopsAgain(token: Token): boolean {
    const { loop, id } = this.node(token.nodeId);
    if (!loop) {
      // An interrupting boundary event took the token out of its loop.
      delete token.loopCounter;
      return false;
    }
    const loopCounter = (token.loopCounter ?? 0) + 1;
    const again =
      (loop.maximum === null || loopCounter < loop.maximum) &&
      attempt(id, 'the loop condition', () =>
        evaluateCondition(loop.condition, { ...this.state.variables, loopCounter }),
      );
    if (again) token.loopCounter = loopCounter;
    else delete token.loopCounter;
    return again;
  }

  private moveAlong(token: Token, flowId: string): void {
    token.nodeId = this.model.flows[flowId].targetId;
    this.arrivals.push({ token, viaFlowId: flowId });
  }

  jump(token: Token, nodeId: string): void {
    token.nodeId = nodeId;
    this.arrivals.push({ token, viaFlowId: null });
  }

  terminate(): void {
    this.arrivals.length = 0;
    this.end('completed', null);
  }

  wait(wait: Wait): void {
    this.state.waits.push(wait);
    if (wait.kind === 'timer') this.newTimers.add(wait.waitKey);
    if (wait.kind === 'calledInstance') this.calledInstances.push(wait.waitKey);
  }

  cancelCalledInstance(waitKey: string): void {
    this.cancelledCalls.push(waitKey);
  }

  closeWaitsOf(token: Token): void {
    const closing = this.state.waits.filter((wait) => wait.tokenId === token.id);
    this.state.waits = this.state.waits.filter((wait) => wait.tokenId !== token.id);
    for (const wait of closing) {
      const node = this.node(wait.elementId);
      this.waitStateOf(node).cancel(node, wait, this);
    }
  }

  dropScope(subProcess: SubProcessNode): void {
    this.dropInside(subProcess.id, null);
  }

  interruptScope(scopeId: string | null, keep: Token): void {
    this.dropInside(scopeId, keep);
  }

  /** Ends everything inside the scope (the whole process when null) but the token `keep`. */
  private dropInside(scopeId: string | null, keep: Token | null): void {
    const inside = (nodeId: string) => scopeId === null || isInside(this.model, nodeId, scopeId);
    const arriving = new Set(this.arrivals.map((arrival) => arrival.token));
    // Innermost first: a nested subprocess ends after what runs inside it.
    const depth = (token: Token) => depthOf(this.model, token.nodeId);
    const dropped = this.state.tokens.filter(
      (candidate) => candidate !== keep && inside(candidate.nodeId),
    );
    for (const token of dropped.sort((a, b) => depth(b) - depth(a))) {
      // A token still on its way has not started its element, nor has a listening one.
      const started = !arriving.has(token) && !this.isListening(token) && !token.multiInstance;
      this.closeWaitsOf(token);
      if (started) this.elementTerminated(this.node(token.nodeId), token);
      this.removeToken(token);
    }
    for (const joinId of Object.keys(this.state.joins).filter(inside)) {
      delete this.state.joins[joinId];
    }
    const kept = this.arrivals.filter(
      (arrival) => arrival.token === keep || !inside(arrival.token.nodeId),
    );
    this.arrivals.splice(0, this.arrivals.length, ...kept);
  }

  cancelTimer(waitKey: string): void {
    // A timer this batch waits on has no startTimer command yet: it just never gets one.
    if (!this.newTimers.has(waitKey)) this.cancelledTimers.push(waitKey);
  }

  /**
   * Ends every wait for the signal, in the order they were opened; a wait an earlier one closed
   * (an interrupting boundary event ended its activity) is skipped.
   */
  private receiveSignal(event: Extract<EngineEvent, { type: 'signalReceived' }>): void {
    if (Object.keys(event.variables).length > 0) this.changeVariables(event.variables, null);
    const waitKeys = this.state.waits
      .filter((wait) => wait.kind === 'signal' && wait.signalName === event.signalName)
      .map((wait) => wait.waitKey);
    for (const waitKey of waitKeys) {
      if (!this.state.waits.some((wait) => wait.waitKey === waitKey)) continue;
      const { token, node } = this.endWait(waitKey);
      this.as(token, () => this.waitStateOf(node).resume(node, token, { ...event, waitKey }, this));
    }
  }

  /** Removes a wait the event resolves, with the token waiting there and its node. */
  private endWait(waitKey: string): { token: Token; node: ModelNode } {
    const wait = this.state.waits.find((candidate) => candidate.waitKey === waitKey);
    const token = this.state.tokens.find((candidate) => candidate.id === wait?.tokenId);
    if (!wait || !token) throw new Error(`wait ${waitKey} does not hold a token`);
    this.state.waits = this.state.waits.filter((candidate) => candidate !== wait);
    return { token, node: this.node(wait.elementId) };
  }

  private waitStateOf(node: ModelNode): WaitStateBehaviour<ModelNode> {
    const { waitState } = behaviourOf(node);
    if (!waitState) throw new Error(`${node.kind} ${node.id} holds a wait but never waits`);
    return waitState;
  }

  changeVariables(changes: Variables, by: string | null): void {
    this.state.variables = { ...this.state.variables, ...changes };
    // The effect carries all variables, not just the change: the database stores them whole.
    this.effects.push({
      type: 'variablesChanged',
      key: this.nextKey(),
      variables: this.state.variables,
      by,
    });
  }

  /** No token is left: the instance completed, unless a join still waits for one. */
  private finishWithoutTokens(): void {
    const [waitingJoin] = Object.keys(this.state.joins);
    if (waitingJoin === undefined) return this.end('completed', null);
    this.failStrandedJoin(waitingJoin);
  }

  /** A join holds arrivals, but no token is left that could complete it. */
  private failStrandedJoin(joinId: string): never {
    const join = this.node(joinId);
    const reason = behaviourOf(join).strandedJoin?.(join, this.state.joins[joinId]);
    if (reason === undefined) throw new Error(`${join.kind} ${join.id} holds arrivals`);
    throw new InstanceFailure(joinId, reason);
  }

  /** Ends the instance: closes what every wait opened, drops every token. */
  private end(
    status: 'completed' | 'cancelled' | 'failed',
    error: { elementId: string | null; message: string } | null,
  ): void {
    for (const wait of this.state.waits) {
      const node = this.node(wait.elementId);
      this.waitStateOf(node).cancel(node, wait, this);
    }
    Object.assign(this.state, { status, tokens: [], waits: [], joins: {} });
    this.effects.push({
      type: 'instanceEnded',
      key: this.nextKey(),
      status,
      variables: this.state.variables,
      error,
    });
  }

  emit(effect: Effect): void {
    this.effects.push(effect);
  }

  elementStarted(node: ModelNode, token: Token): void {
    this.elementEffect('elementStarted', node, token);
  }

  elementCompleted(node: ModelNode, token: Token): void {
    this.elementEffect('elementCompleted', node, token);
  }

  elementTerminated(node: ModelNode, token: Token): void {
    this.elementEffect('elementTerminated', node, token);
  }

  private elementEffect(
    type: 'elementStarted' | 'elementCompleted' | 'elementTerminated',
    node: ModelNode,
    token: Token,
  ): void {
    this.effects.push({
      type,
      key: this.nextKey(),
      elementId: node.id,
      elementKind: node.kind,
      elementName: node.name,
      tokenId: token.id,
    });
  }

  newToken(nodeId: string): Token {
    const token = { id: this.nextKey(), nodeId };
    this.state.tokens.push(token);
    return token;
  }

  removeToken(token: Token): void {
    this.state.tokens = this.state.tokens.filter((candidate) => candidate !== token);
  }

  private node(id: string): ModelNode {
    const node = this.model.nodes[id];
    if (!node) throw new Error(`the model has no node "${id}"`);
    return node;
  }

  /** Keys are unique across instances and never repeat within one (see EngineState.seq). */
  nextKey(): string {
    return `${this.state.instanceId}:${this.state.seq++}`;
  }
}
