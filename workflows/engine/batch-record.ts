/**
 * What a batch records on its private copy of the state: the effects, the waits and the
 * commands they need, the tokens and keys it hands out, and whose variables an element sees.
 * The engine's `Batch` (./engine) moves the tokens on top of it.
 */
import type { WaitStateBehaviour } from './elements/element-behaviour';
import { behaviourOf } from './elements';
import type { ExecutableModel, ModelNode } from './model';
import { runsAround, scopeForNewToken, variablesSeen } from './run-scopes';
import { commandsOf } from './state';
import type { Effect, EngineState, Step, Token, Variables, Wait } from './types';

export abstract class BatchRecord {
  private readonly effects: Effect[] = [];
  // What the commands start and stop besides the effects (see `BatchWaits`), by wait key.
  private readonly newTimers = new Set<string>();
  private readonly cancelledTimers: string[] = [];
  private readonly calledInstances: string[] = [];
  private readonly cancelledCalls: string[] = [];
  /** The token whose element acts now: a multi-instance run's variables are its own. */
  private current: Token | null = null;

  /** The element's wait is closed before its event came: the element's `cancel` (see ./engine). */
  protected abstract cancelWait(node: ModelNode, wait: Wait): void;

  constructor(
    readonly model: ExecutableModel,
    protected readonly state: EngineState,
  ) {}

  get variables(): Variables {
    if (!this.current) return this.state.variables;
    return variablesSeen(this.state.variables, this.runsOf(this.current));
  }

  /** The runs whose variables the token's element sees, innermost first. */
  private runsOf(token: Token): Token[] {
    return runsAround(this.model, this.state.tokens, token, this.runScopes);
  }

  get runScopes(): boolean {
    return this.state.runScopes === true;
  }

  /** The token whose element acts now, if any. */
  protected get acting(): Token | null {
    return this.current;
  }

  /** Runs the work as the token's element: it sees the token's run's variables. */
  protected as<T>(token: Token, work: () => T): T {
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

  finish(): Step {
    const commands = commandsOf(this.state, this.effects, {
      newTimers: this.newTimers,
      cancelledTimers: this.cancelledTimers,
      calledInstances: this.calledInstances,
      cancelledCalls: this.cancelledCalls,
    });
    return { state: this.state, commands };
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
      this.cancelWait(this.node(wait.elementId), wait);
    }
  }

  cancelTimer(waitKey: string): void {
    // A timer this batch waits on has no startTimer command yet: it just never gets one.
    if (!this.newTimers.has(waitKey)) this.cancelledTimers.push(waitKey);
  }

  /** Removes a wait the event resolves; answers it with the token waiting there and its node. */
  protected endWait(waitKey: string): { token: Token; node: ModelNode; wait: Wait } {
    const wait = this.state.waits.find((candidate) => candidate.waitKey === waitKey);
    const token = this.state.tokens.find((candidate) => candidate.id === wait?.tokenId);
    if (!wait || !token) throw new Error(`wait ${waitKey} does not hold a token`);
    this.state.waits = this.state.waits.filter((candidate) => candidate !== wait);
    return { token, node: this.node(wait.elementId), wait };
  }

  protected waitStateOf(node: ModelNode): WaitStateBehaviour<ModelNode> {
    const { waitState } = behaviourOf(node);
    if (!waitState) throw new Error(`${node.kind} ${node.id} holds a wait but never waits`);
    return waitState;
  }

  /**
   * With run scopes, a name a run around the acting element holds changes there (the innermost
   * that holds it), as in Zeebe; the rest changes in the instance.
   */
  changeVariables(changes: Variables, by: string | null): void {
    const runs = this.runScopes && this.current ? this.runsOf(this.current) : [];
    const global: Variables = {};
    for (const [name, value] of Object.entries(changes)) {
      const run = runs.find((candidate) => Object.hasOwn(candidate.locals ?? {}, name));
      if (run) run.locals = { ...run.locals, [name]: value };
      else global[name] = value;
    }
    if (runs.length > 0 && Object.keys(global).length === 0) return;
    this.state.variables = { ...this.state.variables, ...(runs.length > 0 ? global : changes) };
    // The effect carries all variables, not just the change: the database stores them whole.
    this.effects.push({
      type: 'variablesChanged',
      key: this.nextKey(),
      variables: this.state.variables,
      by,
    });
  }

  /** Ends the instance: closes what every wait opened, drops every token. */
  protected end(
    status: 'completed' | 'cancelled' | 'failed',
    error: { elementId: string | null; message: string; errorCode?: string } | null,
  ): void {
    for (const wait of this.state.waits) {
      this.cancelWait(this.node(wait.elementId), wait);
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

  /** A token at the node, in the run scope of the acting element's token (see ../run-scopes). */
  newToken(nodeId: string): Token {
    const token: Token = { id: this.nextKey(), nodeId };
    const scopeId = this.runScopeFor(nodeId);
    if (scopeId !== undefined) token.scopeId = scopeId;
    this.state.tokens.push(token);
    return token;
  }

  runScopeFor(nodeId: string): string | undefined {
    return scopeForNewToken(this.model, this.state.tokens, this.current, nodeId);
  }

  removeToken(token: Token): void {
    this.state.tokens = this.state.tokens.filter((candidate) => candidate !== token);
  }

  protected node(id: string): ModelNode {
    const node = this.model.nodes[id];
    if (!node) throw new Error(`the model has no node "${id}"`);
    return node;
  }

  /** Keys are unique across instances and never repeat within one (see EngineState.seq). */
  nextKey(): string {
    return `${this.state.instanceId}:${this.state.seq++}`;
  }
}
