/**
 * The process engine: a pure state machine over the executable model.
 *
 * `start` and `advance` move tokens through every automatic step they can (start and end
 * events, gateways, service tasks) until each token waits at a user task or timer, and
 * return the whole batch as ONE `writeEffects` command followed by timer commands. They
 * read no clock, do no I/O and draw no random numbers, so Temporal can replay them.
 *
 * Bad data in a running instance (a FEEL error, no matching flow, a loop without a wait
 * state) fails the instance with an `instanceEnded` effect naming the element; only
 * programming errors (an event `validateEvent` would refuse, a corrupt model) throw.
 */
import { durationToMs } from '../expressions/duration';
import { evaluateCondition, evaluateValue } from '../expressions/feel';
import type {
  ExclusiveGatewayNode,
  ExecutableModel,
  ModelNode,
  ParallelGatewayNode,
  ServiceTaskNode,
  TimerCatchNode,
  UserTaskNode,
  ValueExpression,
} from './model';
import { isPlainObject } from './plain-object';
import type {
  Command,
  Effect,
  EngineEvent,
  EngineState,
  StartInput,
  Step,
  Token,
  Variables,
} from './types';

/** Automatic steps one call may take before the engine assumes a loop without a wait state. */
export const MAX_STEPS_PER_BATCH = 10_000;

const ACTIVITY_KINDS = {
  createCall: 'call',
  createTask: 'task',
  createMeeting: 'meeting',
} as const;

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

/** Why the event cannot be applied to this state, or null if it can. */
export function validateEvent(state: EngineState, event: EngineEvent): string | null {
  if (state.status !== 'running') return `the instance is ${state.status}`;
  switch (event.type) {
    case 'userTaskCompleted': {
      const wait = state.waits.find((candidate) => candidate.waitKey === event.waitKey);
      if (wait?.kind !== 'userTask') {
        return `there is no open user task with key "${event.waitKey}"`;
      }
      if (!isPlainObject(event.variables)) return 'variables must be an object of name → value';
      return null;
    }
    case 'timerFired': {
      const wait = state.waits.find((candidate) => candidate.waitKey === event.waitKey);
      return wait?.kind === 'timer'
        ? null
        : `there is no running timer with key "${event.waitKey}"`;
    }
    case 'cancelRequested':
      return null;
    case 'variablesChanged':
      return isPlainObject(event.variables) ? null : 'variables must be an object of name → value';
    default:
      return `unknown event type "${(event as { type: unknown }).type}"`;
  }
}

function copyState(state: EngineState): EngineState {
  return {
    ...state,
    tokens: state.tokens.map((token) => ({ ...token })),
    waits: state.waits.map((wait) => ({ ...wait })),
    joins: Object.fromEntries(
      Object.entries(state.joins).map(([id, flowIds]) => [id, [...flowIds]]),
    ),
  };
}

/** Bad data met while running: ends the instance as failed, blaming the element. */
class InstanceFailure extends Error {
  constructor(
    readonly elementId: string | null,
    message: string,
  ) {
    super(message);
  }
}

/** A token that reached a node and has yet to enter it, and the flow it came along. */
interface Arrival {
  token: Token;
  viaFlowId: string | null;
}

/**
 * One call's worth of work on a private copy of the state. The variables object is
 * shared with the caller's state but never mutated: a change replaces it.
 */
class Batch {
  private readonly effects: Effect[] = [];
  private readonly arrivals: Arrival[] = [];
  /** Timers waited on since this batch began: their startTimer commands are still to be issued. */
  private readonly newTimers = new Set<string>();
  /** Timers started by an earlier batch and cancelled in this one. */
  private readonly cancelledTimers: string[] = [];
  private steps = 0;

  constructor(
    private readonly model: ExecutableModel,
    private readonly state: EngineState,
  ) {}

  begin(): void {
    const token = this.newToken(this.model.startNodeId);
    this.run(() => this.arrivals.push({ token, viaFlowId: null }));
  }

  handle(event: EngineEvent): void {
    switch (event.type) {
      case 'userTaskCompleted':
        return this.run(() => {
          const { token, node } = this.endWait(event.waitKey);
          this.effects.push({
            type: 'completeUserTask',
            key: this.nextKey(),
            waitKey: event.waitKey,
            variables: event.variables,
            completedBy: event.completedBy,
          });
          if (Object.keys(event.variables).length > 0) {
            this.changeVariables(event.variables, event.completedBy);
          }
          this.elementEffect('elementCompleted', node, token);
          this.leave(token, node.outgoing);
        });
      case 'timerFired':
        return this.run(() => {
          const { token, node } = this.endWait(event.waitKey);
          this.elementEffect('elementCompleted', node, token);
          this.leave(token, node.outgoing);
        });
      case 'cancelRequested':
        return this.end('cancelled', null);
      case 'variablesChanged':
        return this.changeVariables(event.variables, event.by);
    }
  }

  finish(): Step {
    const commands: Command[] = [];
    if (this.effects.length > 0) commands.push({ type: 'writeEffects', effects: this.effects });
    for (const waitKey of this.cancelledTimers) commands.push({ type: 'cancelTimer', waitKey });
    for (const wait of this.state.waits) {
      if (wait.kind === 'timer' && this.newTimers.has(wait.waitKey)) {
        const { waitKey, elementId, durationMs } = wait;
        commands.push({ type: 'startTimer', waitKey, elementId, durationMs });
      }
    }
    return { state: this.state, commands };
  }

  /** Does `work`, then moves every arrived token on until all wait; fails the instance on bad data. */
  private run(work: () => void): void {
    try {
      work();
      for (let arrival = this.arrivals.shift(); arrival; arrival = this.arrivals.shift()) {
        this.enter(arrival);
      }
      if (this.state.tokens.length === 0) this.finishWithoutTokens();
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
    if (node.kind === 'parallelGateway' && node.incoming.length > 1) {
      return this.arriveAtJoin(token, node, viaFlowId);
    }
    this.elementEffect('elementStarted', node, token);
    switch (node.kind) {
      case 'userTask':
        return this.openUserTask(node, token);
      case 'timerCatch':
        return this.startTimer(node, token);
      case 'serviceTask':
        this.effects.push(this.actionEffect(node));
        break;
      case 'endEvent':
        this.elementEffect('elementCompleted', node, token);
        return this.removeToken(token);
    }
    const outgoing = node.kind === 'exclusiveGateway' ? [this.chooseFlow(node)] : node.outgoing;
    this.elementEffect('elementCompleted', node, token);
    this.leave(token, outgoing);
  }

  /** Sends the token along one flow, or forks it into a new token per flow. */
  private leave(token: Token, flowIds: string[]): void {
    if (flowIds.length === 1) return this.moveAlong(token, flowIds[0]);
    this.removeToken(token);
    for (const flowId of flowIds) this.moveAlong(this.newToken(token.nodeId), flowId);
  }

  private moveAlong(token: Token, flowId: string): void {
    token.nodeId = this.model.flows[flowId].targetId;
    this.arrivals.push({ token, viaFlowId: flowId });
  }

  /**
   * A parallel join consumes each arriving token and notes the flow it came along
   * (`joins[gatewayId]`, a queue per flow: a flow may deliver twice before the others
   * deliver once). When every incoming flow has delivered, it takes one arrival from each
   * and goes on with a single new token. Like Zeebe, the gateway is started and completed
   * only then, so the live map does not show it while it waits.
   */
  private arriveAtJoin(token: Token, gateway: ParallelGatewayNode, viaFlowId: string | null): void {
    if (viaFlowId === null) {
      throw new Error(`token ${token.id} reached join ${gateway.id} along no flow`);
    }
    this.removeToken(token);
    const arrived = [...(this.state.joins[gateway.id] ?? []), viaFlowId];
    const complete = gateway.incoming.every((flowId) => arrived.includes(flowId));
    if (complete) {
      for (const flowId of gateway.incoming) arrived.splice(arrived.indexOf(flowId), 1);
    }
    if (arrived.length > 0) {
      this.state.joins[gateway.id] = arrived;
    } else {
      delete this.state.joins[gateway.id];
    }
    if (!complete) return;
    const joined = this.newToken(gateway.id);
    this.elementEffect('elementStarted', gateway, joined);
    this.elementEffect('elementCompleted', gateway, joined);
    this.leave(joined, gateway.outgoing);
  }

  /** The first outgoing flow (in document order) whose condition holds, else the default. */
  private chooseFlow(gateway: ExclusiveGatewayNode): string {
    for (const flowId of gateway.outgoing) {
      if (flowId === gateway.defaultFlowId) continue;
      const { condition } = this.model.flows[flowId];
      if (condition === null) return flowId;
      const holds = this.attempt(gateway.id, `the condition of flow ${flowId}`, () =>
        evaluateCondition(condition, this.state.variables),
      );
      if (holds) return flowId;
    }
    if (gateway.defaultFlowId !== null) return gateway.defaultFlowId;
    throw new InstanceFailure(
      gateway.id,
      `no condition of exclusive gateway ${describeNode(gateway)} is true and it has no default flow`,
    );
  }

  private actionEffect(task: ServiceTaskNode): Effect {
    const { action } = task;
    if (action.type === 'setClientStatus') {
      const status = this.requiredText(task.id, 'status', action.status);
      return { type: 'setClientStatus', key: this.nextKey(), elementId: task.id, status };
    }
    return {
      type: 'createActivity',
      key: this.nextKey(),
      elementId: task.id,
      activityKind: ACTIVITY_KINDS[action.type],
      subject: this.requiredText(task.id, 'subject', action.subject),
      dueInMs: this.duration(task.id, 'dueIn', action.dueIn),
      assignee: this.optionalText(task.id, 'assignee', action.assignee),
    };
  }

  private openUserTask(task: UserTaskNode, token: Token): void {
    const assignee = this.optionalText(task.id, 'assignee', task.assignee);
    const candidateRole = this.optionalText(task.id, 'candidateRole', task.candidateRole);
    const dueInMs = this.duration(task.id, 'dueIn', task.dueIn);
    const waitKey = this.nextKey();
    this.state.waits.push({ kind: 'userTask', waitKey, tokenId: token.id, elementId: task.id });
    this.effects.push({
      type: 'openUserTask',
      key: this.nextKey(),
      waitKey,
      elementId: task.id,
      name: task.name ?? task.id,
      assignee,
      candidateRole,
      dueInMs,
    });
  }

  private startTimer(timer: TimerCatchNode, token: Token): void {
    const durationMs = this.duration(timer.id, 'the timer duration', timer.duration);
    if (durationMs === null) {
      throw new InstanceFailure(timer.id, 'the timer duration evaluated to null');
    }
    const waitKey = this.nextKey();
    this.state.waits.push({
      kind: 'timer',
      waitKey,
      tokenId: token.id,
      elementId: timer.id,
      durationMs,
    });
    this.newTimers.add(waitKey);
  }

  /** Removes a wait the event resolves, with the token waiting there and its node. */
  private endWait(waitKey: string): { token: Token; node: ModelNode } {
    const wait = this.state.waits.find((candidate) => candidate.waitKey === waitKey);
    const token = this.state.tokens.find((candidate) => candidate.id === wait?.tokenId);
    if (!wait || !token) throw new Error(`wait ${waitKey} does not hold a token`);
    this.state.waits = this.state.waits.filter((candidate) => candidate !== wait);
    return { token, node: this.node(wait.elementId) };
  }

  private changeVariables(changes: Variables, by: string | null): void {
    this.state.variables = { ...this.state.variables, ...changes };
    // The effect carries all variables, not just the change: the database stores them whole.
    this.effects.push({
      type: 'variablesChanged',
      key: this.nextKey(),
      variables: this.state.variables,
      by,
    });
  }

  /** No token is left: the instance completed, unless a parallel join still waits for one. */
  private finishWithoutTokens(): void {
    const [waitingJoin] = Object.keys(this.state.joins);
    if (waitingJoin === undefined) return this.end('completed', null);
    const gateway = this.node(waitingJoin) as ParallelGatewayNode;
    const arrived = this.state.joins[waitingJoin];
    const missing = gateway.incoming.filter((flowId) => !arrived.includes(flowId));
    throw new InstanceFailure(
      waitingJoin,
      `parallel gateway ${describeNode(gateway)} waits for flows ${missing.join(', ')}, ` +
        'but no token is left to arrive along them',
    );
  }

  /** Ends the instance: closes open user tasks, cancels timers, drops every token. */
  private end(
    status: 'completed' | 'cancelled' | 'failed',
    error: { elementId: string | null; message: string } | null,
  ): void {
    for (const wait of this.state.waits) {
      if (wait.kind === 'userTask') {
        this.effects.push({ type: 'cancelUserTask', key: this.nextKey(), waitKey: wait.waitKey });
      } else if (!this.newTimers.has(wait.waitKey)) {
        this.cancelledTimers.push(wait.waitKey);
      }
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

  /** Evaluates a value that must be text, or null when absent or yielding null. */
  private optionalText(
    elementId: string,
    label: string,
    expr: ValueExpression | null,
  ): string | null {
    if (expr === null) return null;
    const value = this.attempt(elementId, label, () => evaluateValue(expr, this.state.variables));
    if (value === null || typeof value === 'string') return value;
    throw new InstanceFailure(elementId, `${label} must be text, got ${JSON.stringify(value)}`);
  }

  private requiredText(elementId: string, label: string, expr: ValueExpression): string {
    const value = this.optionalText(elementId, label, expr);
    if (value === null || value === '') {
      throw new InstanceFailure(
        elementId,
        `${label} evaluated to ${value === null ? 'null' : 'empty text'}`,
      );
    }
    return value;
  }

  /** Evaluates an optional duration to milliseconds; an expression yielding null means none. */
  private duration(elementId: string, label: string, expr: ValueExpression | null): number | null {
    if (expr === null) return null;
    return this.attempt(elementId, label, () => {
      const value = evaluateValue(expr, this.state.variables);
      return value === null ? null : durationToMs(value);
    });
  }

  /** Runs an evaluation whose errors are the diagram's or the data's: they fail the instance. */
  private attempt<T>(elementId: string, what: string, evaluation: () => T): T {
    try {
      return evaluation();
    } catch (error) {
      throw new InstanceFailure(
        elementId,
        `${what}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  private elementEffect(
    type: 'elementStarted' | 'elementCompleted',
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

  private newToken(nodeId: string): Token {
    const token = { id: this.nextKey(), nodeId };
    this.state.tokens.push(token);
    return token;
  }

  private removeToken(token: Token): void {
    this.state.tokens = this.state.tokens.filter((candidate) => candidate !== token);
  }

  private node(id: string): ModelNode {
    const node = this.model.nodes[id];
    if (!node) throw new Error(`the model has no node "${id}"`);
    return node;
  }

  /** Keys are unique across instances and never repeat within one (see EngineState.seq). */
  private nextKey(): string {
    return `${this.state.instanceId}:${this.state.seq++}`;
  }
}

function describeNode(node: ModelNode): string {
  return node.name ? `"${node.name}" (${node.id})` : node.id;
}
