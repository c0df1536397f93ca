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
import { evaluateCondition } from '../expressions/feel';
import { behaviourOf } from './elements';
import { armEventSubProcesses, listen } from './elements/event-sub-process';
import { conditionHolds } from './elements/conditional-events';
import { BatchRecord } from './batch-record';
import { attempt } from './evaluation';
import { InstanceFailure } from './failure';
import { armBoundaryTimer } from './elements/boundary-events';
import { timerBeyondMaximum } from './elements/timer-catch-event';
import { incidentResolved, openIncident, orIncident, pendingForRetry } from './incidents';
import { validateEvent } from './validation';
import { copyState, initialState } from './state';
import type { ExecutableModel, ModelNode } from './model';
import {
  enterMultiInstance,
  isMultiInstance,
  type MultiInstanceContext,
  runCompleted,
} from './multi-instance';
import { runChainOf, isInScope, isInsideHost } from './run-scopes';
import { depthOf, isInside, isScope } from './scopes';
import type { EngineEvent, EngineState, StartInput, Step, Token, Wait } from './types';

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
 * One call's worth of work on a private copy of the state (recorded by `BatchRecord`): the
 * element behaviours act through it (see ./elements). The variables object is shared with the
 * caller's state but never mutated: a change replaces it.
 */
class Batch extends BatchRecord implements MultiInstanceContext {
  private readonly arrivals: Arrival[] = [];
  private steps = 0;

  begin(): void {
    const token = this.newToken(this.model.startNodeId);
    this.run(() => {
      armEventSubProcesses(null, this);
      this.arrivals.push({ token, viaFlowId: null });
    });
  }

  /** A retried timer whose date was too far off waits again, its date evaluated anew. */
  rearmTimer(waitKey: string): void {
    this.run(() => {
      const { token, node, wait } = this.endWait(waitKey);
      if (node.kind === 'boundaryTimer') {
        armBoundaryTimer(node, token, (wait.kind === 'timer' && wait.fired) || 0, this);
      } else if (node.kind === 'eventSubProcess') {
        this.as(token, () => listen(node, token, this));
      } else {
        this.arrivals.push({ token, viaFlowId: null });
      }
    });
  }

  handle(event: EngineEvent): void {
    switch (event.type) {
      case 'userTaskCompleted':
      case 'timerFired':
      case 'messageReceived':
      case 'calledInstanceEnded':
        return this.run(() => {
          const { token, node, wait } = this.endWait(event.waitKey);
          this.as(token, () => this.waitStateOf(node).resume(node, token, event, this, wait));
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
    if (this.state.status === 'running' && this.state.tokens.every(this.isListening)) {
      this.stopListening(this.state.tokens);
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
    if (isMultiInstance(node) && token.bodyId === undefined) {
      // Instances without run scopes evaluated the list outside any run, as before.
      if (!this.runScopes) return enterMultiInstance(node, token, this);
      return this.as(token, () => enterMultiInstance(node, token, this));
    }
    this.as(token, () => behaviourOf(node).enter(node, token, viaFlowId, this));
  }

  arrive(token: Token): void {
    this.arrivals.push({ token, viaFlowId: null });
  }

  actAs<T>(token: Token, work: () => T): T {
    return this.as(token, work);
  }

  dropRun(token: Token): void {
    const arriving = this.arrivals.some((arrival) => arrival.token === token);
    this.dropInside(this.insideOf(token), token.nodeId, null);
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
      const left = this.state.tokens.filter(this.insideOf(host));
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

  /**
   * Every token has moved as far as it can: the first conditional event whose condition came to
   * hold (it did not when last evaluated) goes on. True when one did.
   */
  private settleConditions(): boolean {
    for (const wait of this.state.waits) {
      if (wait.kind !== 'condition') continue;
      const node = this.node(wait.elementId);
      const token = this.state.tokens.find((candidate) => candidate.id === wait.tokenId);
      if (!token) throw new Error(`wait ${wait.waitKey} does not hold a token`);
      const holds = this.as(token, () => conditionHolds(node, this.variables));
      if (holds && !wait.holds) {
        this.endWait(wait.waitKey);
        const met = { type: 'conditionMet', waitKey: wait.waitKey } as const;
        this.as(token, () => this.waitStateOf(node).resume(node, token, met, this, wait));
        return true;
      }
      wait.holds = holds;
    }
    return false;
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

  protected cancelWait(node: ModelNode, wait: Wait): void {
    this.waitStateOf(node).cancel(node, wait, this);
  }

  uncaughtError(thrower: ModelNode, errorCode: string, message: string): void {
    if (!this.state.called) throw new InstanceFailure(thrower.id, message);
    this.arrivals.length = 0;
    this.end('failed', { elementId: thrower.id, message, errorCode });
  }

  dropScope(host: Token): void {
    this.dropInside(this.insideOf(host), host.nodeId, null);
  }

  dropRuns(body: Token): void {
    for (const run of this.state.tokens.filter((token) => token.bodyId === body.id)) {
      this.dropRun(run);
    }
    delete body.multiInstance;
  }

  hostOf(scopeId: string): Token | undefined {
    const hosts = this.state.tokens.filter((token) => token.nodeId === scopeId);
    if (isMultiInstance(this.node(scopeId))) {
      // The body, whose run the acting element is in (a state without run scopes has one).
      const chain = this.acting ? runChainOf(this.state.tokens, this.acting) : [];
      const run =
        hosts.find((token) => chain.includes(token.id)) ?? hosts.find((host) => host.bodyId);
      return this.state.tokens.find((token) => token.id === run?.bodyId);
    }
    const acting = this.acting;
    if (!acting) return hosts[0];
    return hosts.find((host) => isInsideHost(this.model, this.state.tokens, acting, host));
  }

  interruptScope(scopeId: string | null, keep: Token): void {
    const { tokens } = this.state;
    this.dropInside(
      (token) =>
        (scopeId === null || isInside(this.model, token.nodeId, scopeId)) &&
        isInScope(tokens, token, keep.scopeId),
      scopeId,
      keep,
    );
  }

  /** What lies inside the subprocess (or the run of one) the host token runs. */
  private insideOf(host: Token): (token: Token) => boolean {
    return (token) => isInsideHost(this.model, this.state.tokens, token, host);
  }

  /**
   * Ends every token `inside` holds but the token `keep`, and the arrivals of the joins inside
   * the scope node `joinsIn` (the whole process when null).
   */
  private dropInside(
    inside: (token: Token) => boolean,
    joinsIn: string | null,
    keep: Token | null,
  ): void {
    const arriving = new Set(this.arrivals.map((arrival) => arrival.token));
    // Innermost first: a nested subprocess ends after what runs inside it.
    const depth = (token: Token) => depthOf(this.model, token.nodeId);
    const dropped = this.state.tokens.filter(
      (candidate) => candidate !== keep && inside(candidate),
    );
    // Decided before any token goes: whether a token is inside follows the runs it is in.
    const kept = this.arrivals.filter(
      (arrival) => arrival.token === keep || !inside(arrival.token),
    );
    for (const token of dropped.sort((a, b) => depth(b) - depth(a))) {
      // A token still on its way has not started its element, nor has a listening one.
      const started = !arriving.has(token) && !this.isListening(token) && !token.multiInstance;
      this.closeWaitsOf(token);
      if (started) this.elementTerminated(this.node(token.nodeId), token);
      this.removeToken(token);
    }
    const joinInside = (joinId: string) =>
      joinsIn === null || isInside(this.model, joinId, joinsIn);
    for (const joinId of Object.keys(this.state.joins).filter(joinInside)) {
      delete this.state.joins[joinId];
    }
    this.arrivals.splice(0, this.arrivals.length, ...kept);
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
      this.as(token, () =>
        this.waitStateOf(node).resume(node, token, { ...event, waitKey }, this, wait),
      );
    }
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
}
