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
 * state) stops the step at an incident naming the element (`./incidents`); only programming
 * errors (an event `validateEvent` would refuse, a corrupt model) throw.
 */
import type { ElementContext, WaitStateBehaviour } from './elements/element-behaviour';
import { evaluateCondition } from '../expressions/feel';
import { behaviourOf } from './elements';
import { conditionHolds } from './elements/conditional-events';
import { attempt } from './evaluation';
import { InstanceFailure } from './failure';
import { armBoundaryTimer } from './elements/boundary-events';
import { timerBeyondMaximum } from './elements/timer-catch-event';
import { incidentResolved, openIncident, orIncident, pendingForRetry } from './incidents';
import { validateEvent } from './validation';
import { copyState, initialState } from './state';
import type { ExecutableModel, ModelNode, SubProcessNode } from './model';
import { depthOf, isInside } from './scopes';
import type {
  Command,
  Effect,
  EngineEvent,
  EngineState,
  StartInput,
  Step,
  Token,
  Variables,
  Wait,
} from './types';

export { validateEvent } from './validation';
export { initialState } from './state';

/** Automatic steps one call may take before the engine assumes a loop without a wait state. */
export const MAX_STEPS_PER_BATCH = 10_000;

export function start(model: ExecutableModel, input: StartInput): Step {
  const before = initialState(input);
  return orIncident(before, { type: 'start' }, () => {
    const batch = new Batch(model, copyState(before));
    batch.begin();
    return batch.finish();
  });
}

export function advance(model: ExecutableModel, state: EngineState, event: EngineEvent): Step {
  const problem = validateEvent(model, state, event);
  if (problem !== null) throw new Error(`cannot apply ${event.type}: ${problem}`);
  if (event.type === 'incidentRetried') return retry(model, state, event.by);
  return orIncident(state, event, () => {
    const batch = new Batch(model, copyState(state));
    batch.handle(event);
    return batch.finish();
  });
}

/** Applies the step the open incident holds again; failing again raises a new incident. */
function retry(model: ExecutableModel, state: EngineState, by: string | null): Step {
  const incident = openIncident(state);
  const resumed = copyState(state);
  resumed.status = 'running';
  delete resumed.incident;
  const pending = pendingForRetry(incident, resumed);
  const retried = { type: 'incidentRetried', incidentKey: incident.key, by } as const;
  return orIncident(state, retried, () => {
    const batch = new Batch(model, resumed);
    batch.emit(incidentResolved(incident, 'retried', by));
    if (pending.type === 'start') batch.begin();
    else if (pending.type === 'timerBeyondMaximum') batch.rearmTimer(pending.waitKey);
    else batch.handle(pending);
    return batch.finish();
  });
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
class Batch implements ElementContext {
  private readonly effects: Effect[] = [];
  private readonly arrivals: Arrival[] = [];
  /** Timers waited on since this batch began: their startTimer commands are still to be issued. */
  private readonly newTimers = new Set<string>();
  /** Timers started by an earlier batch and cancelled in this one. */
  private readonly cancelledTimers: string[] = [];
  private steps = 0;

  constructor(
    readonly model: ExecutableModel,
    private readonly state: EngineState,
  ) {}

  get variables(): Variables {
    return this.state.variables;
  }

  get joins(): Record<string, string[]> {
    return this.state.joins;
  }

  get tokens(): readonly Token[] {
    return this.state.tokens;
  }

  begin(): void {
    const token = this.newToken(this.model.startNodeId);
    this.run(() => this.arrivals.push({ token, viaFlowId: null }));
  }

  /** A retried timer whose date was too far off waits again, its date evaluated anew. */
  rearmTimer(waitKey: string): void {
    this.run(() => {
      const { token, node, wait } = this.endWait(waitKey);
      if (node.kind !== 'boundaryTimer') this.arrivals.push({ token, viaFlowId: null });
      else armBoundaryTimer(node, token, (wait.kind === 'timer' && wait.fired) || 0, this);
    });
  }

  handle(event: EngineEvent): void {
    switch (event.type) {
      case 'userTaskCompleted':
      case 'timerFired':
      case 'messageReceived':
        return this.run(() => {
          const { token, node, wait } = this.endWait(event.waitKey);
          this.waitStateOf(node).resume(node, token, event, this, wait);
        });
      case 'signalReceived':
        return this.run(() => this.receiveSignal(event));
      case 'timerBeyondMaximum':
        return this.run(() => {
          throw timerBeyondMaximum(this.model, this.state.waits, event);
        });
      case 'cancelRequested':
        if (this.state.incident) {
          this.emit(incidentResolved(this.state.incident, 'cancelled', event.by));
          delete this.state.incident;
        }
        return this.end('cancelled', null);
      case 'variablesChanged':
        this.changeVariables(event.variables, event.by);
        // Conditional events see the change; without them the batch is the change alone.
        if (
          this.state.status === 'running' &&
          this.state.waits.some((wait) => wait.kind === 'condition')
        ) {
          this.run(() => undefined);
        }
        return;
      case 'incidentRetried':
        throw new Error('a retry is applied by advance, not by a batch');
    }
  }

  finish(): Step {
    const commands: Command[] = [];
    if (this.effects.length > 0) commands.push({ type: 'writeEffects', effects: this.effects });
    for (const waitKey of this.cancelledTimers) commands.push({ type: 'cancelTimer', waitKey });
    for (const wait of this.state.waits) {
      if (wait.kind === 'timer' && this.newTimers.has(wait.waitKey)) {
        const { waitKey, elementId } = wait;
        commands.push(
          'durationMs' in wait
            ? { type: 'startTimer', waitKey, elementId, durationMs: wait.durationMs }
            : { type: 'startTimer', waitKey, elementId, dueAt: wait.dueAt },
        );
      }
    }
    return { state: this.state, commands };
  }

  /**
   * Does `work`, then moves every arrived token on until all wait. Bad data throws an
   * `InstanceFailure`, which discards the whole batch for an incident (see `advance`).
   */
  private run(work: () => void): void {
    work();
    do {
      for (let arrival = this.arrivals.shift(); arrival; arrival = this.arrivals.shift()) {
        this.enter(arrival);
      }
    } while (this.settleJoins() || this.settleSubProcesses() || this.settleConditions());
    if (this.state.status === 'running' && this.state.tokens.length === 0) {
      this.finishWithoutTokens();
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
    behaviourOf(node).enter(node, token, viaFlowId, this);
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
   * Every token has moved as far as it can: a subprocess with no token left inside it (and no
   * join there holding arrivals) completes. True when one sent its token on.
   */
  private settleSubProcesses(): boolean {
    for (const host of this.state.tokens) {
      const node = this.node(host.nodeId);
      if (node.kind !== 'subProcess') continue;
      const inside = (nodeId: string) => isInside(this.model, nodeId, node.id);
      if (this.state.tokens.some((token) => inside(token.nodeId))) continue;
      const [heldJoin] = Object.keys(this.state.joins).filter(inside);
      if (heldJoin !== undefined) this.failStrandedJoin(heldJoin);
      behaviourOf(node).scopeEmptied?.(node, host, this);
      if (this.arrivals.length > 0) return true;
    }
    return false;
  }

  /**
   * Every token has moved as far as it can: the first conditional event whose condition came to
   * hold (it did not when last evaluated) goes on. True when one did.
   */
  private settleConditions(): boolean {
    for (const wait of this.state.waits) {
      if (wait.kind !== 'condition') continue;
      const node = this.node(wait.elementId);
      const holds = conditionHolds(node, this.state.variables);
      if (holds && !wait.holds) {
        const { token } = this.endWait(wait.waitKey);
        this.waitStateOf(node).resume(
          node,
          token,
          { type: 'conditionMet', waitKey: wait.waitKey },
          this,
          wait,
        );
        return true;
      }
      wait.holds = holds;
    }
    return false;
  }

  leave(token: Token, flowIds: string[]): void {
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
    const inside = (nodeId: string) => isInside(this.model, nodeId, subProcess.id);
    const arriving = new Set(this.arrivals.map((arrival) => arrival.token));
    // Innermost first: a nested subprocess ends after what runs inside it.
    const depth = (token: Token) => depthOf(this.model, token.nodeId);
    const dropped = this.state.tokens.filter((candidate) => inside(candidate.nodeId));
    for (const token of dropped.sort((a, b) => depth(b) - depth(a))) {
      this.closeWaitsOf(token);
      // A token still on its way has not started its element.
      if (!arriving.has(token)) this.elementTerminated(this.node(token.nodeId), token);
      this.removeToken(token);
    }
    for (const joinId of Object.keys(this.state.joins).filter(inside)) {
      delete this.state.joins[joinId];
    }
    const outside = this.arrivals.filter((arrival) => !inside(arrival.token.nodeId));
    this.arrivals.splice(0, this.arrivals.length, ...outside);
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
      const { token, node, wait } = this.endWait(waitKey);
      this.waitStateOf(node).resume(node, token, { ...event, waitKey }, this, wait);
    }
  }

  /** Removes a wait the event resolves; answers it with the token waiting there and its node. */
  private endWait(waitKey: string): { token: Token; node: ModelNode; wait: Wait } {
    const wait = this.state.waits.find((candidate) => candidate.waitKey === waitKey);
    const token = this.state.tokens.find((candidate) => candidate.id === wait?.tokenId);
    if (!wait || !token) throw new Error(`wait ${waitKey} does not hold a token`);
    this.state.waits = this.state.waits.filter((candidate) => candidate !== wait);
    return { token, node: this.node(wait.elementId), wait };
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
    status: 'completed' | 'cancelled',
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
