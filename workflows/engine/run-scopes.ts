/**
 * The scopes of multi-instance runs. A run of a multi-instance subprocess is a scope: every
 * token inside it carries the run token's id (`Token.scopeId`), given when the token is made,
 * so the runs of one subprocess go on side by side, each with its own tokens, waits and
 * variables. A scope ends with its run; the subprocess's body token holds all its runs.
 *
 * States from before run scopes have tokens without `scopeId` inside a subprocess that runs its
 * items one after the other: a token without one belongs to whichever run is there.
 */
import type { ExecutableModel } from './model';
import { isInside, isScope, scopeOf } from './scopes';
import type { Token, Variables } from './types';

/** Whether the token is a run of a multi-instance subprocess: a scope of its own. */
export function isRunScope(model: ExecutableModel, token: Token): boolean {
  const node = model.nodes[token.nodeId];
  return (
    token.bodyId !== undefined &&
    node !== undefined &&
    isScope(node) &&
    node.multiInstance !== undefined
  );
}

/** The ids of the runs the token is in, innermost first. */
export function runChainOf(tokens: readonly Token[], token: Token): string[] {
  const chain: string[] = [];
  for (let id = token.scopeId; id !== undefined;) {
    chain.push(id);
    id = tokens.find((candidate) => candidate.id === id)?.scopeId;
  }
  return chain;
}

/**
 * The scope of a token made at `nodeId` by the element `maker` acts for (null when none): the
 * innermost run around both.
 */
export function scopeForNewToken(
  model: ExecutableModel,
  tokens: readonly Token[],
  maker: Token | null,
  nodeId: string,
): string | undefined {
  for (let candidate = maker; candidate;) {
    if (isRunScope(model, candidate) && isInside(model, nodeId, candidate.nodeId)) {
      return candidate.id;
    }
    const { scopeId } = candidate;
    if (scopeId === undefined) return undefined;
    candidate = tokens.find((other) => other.id === scopeId) ?? null;
  }
  return undefined;
}

/**
 * Whether the token lies inside what `host` runs: the subprocess it waits at, or its own run of
 * a multi-instance subprocess (the body token at a multi-instance subprocess holds every run's).
 */
export function isInsideHost(
  model: ExecutableModel,
  tokens: readonly Token[],
  token: Token,
  host: Token,
): boolean {
  if (!isInside(model, token.nodeId, host.nodeId)) return false;
  return isInScope(tokens, token, isRunScope(model, host) ? host.id : host.scopeId);
}

/**
 * Whether the token belongs to the run `runId` (or to a run inside it); undefined is the
 * instance's scope, which holds every token. A token without a scope (a state from before run
 * scopes) belongs to any.
 */
export function isInScope(tokens: readonly Token[], token: Token, runId: string | undefined) {
  return (
    runId === undefined || token.scopeId === undefined || runChainOf(tokens, token).includes(runId)
  );
}

/**
 * The runs whose variables the token's element sees, innermost first: the token's own (a run
 * of a multi-instance task) and those of the runs it is in. With `nested` false (instances
 * without run scopes) only the innermost, as before.
 */
export function runsAround(
  model: ExecutableModel,
  tokens: readonly Token[],
  token: Token,
  nested: boolean,
): Token[] {
  const runs: Token[] = token.locals ? [token] : [];
  for (const id of runChainOf(tokens, token)) {
    const run = tokens.find((candidate) => candidate.id === id);
    if (run?.locals) runs.push(run);
  }
  if (runs.length === 0 && token.scopeId === undefined) {
    // A state from before run scopes: the run of the subprocess the token is in.
    for (let scope = scopeOf(model, token.nodeId); scope !== null; scope = scopeOf(model, scope)) {
      const run = tokens.find((other) => other.nodeId === scope && other.locals);
      if (run) return [run];
    }
  }
  return nested ? runs : runs.slice(0, 1);
}

/** The instance's variables as the runs (innermost first) see them. */
export function variablesSeen(instance: Variables, runs: readonly Token[]): Variables {
  if (runs.length === 0) return instance;
  return Object.assign({}, instance, ...runs.map((run) => run.locals).reverse()) as Variables;
}
