/**
 * Multi-instance activities. The token that reaches the activity stays there as the body's
 * token (`Token.multiInstance`) and starts runs: one token per item, all at once or one after
 * the other, each with its own variables (`Token.locals`: the item and `loopCounter`), which the
 * run's element reads before the instance's. A run of a subprocess is a scope for the tokens
 * inside it (see ./run-scopes). Boundary events belong to the body's token. A run that leaves
 * the activity ends there: its output is collected, the completion condition checked, and once
 * every run completed (or the condition holds, ending the runs still going) the body's token
 * goes on with the outputs.
 */
import { evaluateCondition, evaluateValue } from '../expressions/feel';
import type { ElementContext } from './elements/element-behaviour';
import { attempt } from './evaluation';
import { InstanceFailure } from './failure';
import type { ModelNode, MultiInstance } from './model';
import { armBoundaryEvents } from './elements/boundary-events';
import type { Token } from './types';

/** What the runs need of the batch beyond what elements get. */
export interface MultiInstanceContext extends ElementContext {
  /** Queues the token to enter its node in this batch. */
  arrive(token: Token): void;
  /** Ends a run that is still going: its waits close, its element is terminated. */
  dropRun(token: Token): void;
  /** Does the work as the token's element, seeing its variables and writing to its scope. */
  actAs<T>(token: Token, work: () => T): T;
  /** Whether runs are scopes of their own variables (see `EngineState.runScopes`). */
  readonly runScopes: boolean;
}

/** A FEEL output element that is a plain name: with run scopes, each run holds it. */
const PLAIN_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

type MultiInstanceNode = ModelNode & { multiInstance: MultiInstance };

export function isMultiInstance(node: ModelNode): node is MultiInstanceNode {
  return node.multiInstance !== undefined;
}

/** The token reached the activity: it becomes the body's token and starts the runs. */
export function enterMultiInstance(
  node: MultiInstanceNode,
  body: Token,
  context: MultiInstanceContext,
): void {
  const { inputCollection, sequential } = node.multiInstance;
  const items = attempt(node.id, 'the input collection', () =>
    evaluateValue(`=${inputCollection}`, context.variables),
  );
  if (!Array.isArray(items)) {
    throw new InstanceFailure(
      node.id,
      `the input collection must be a list, got ${JSON.stringify(items)}`,
    );
  }
  body.multiInstance = { items, started: 0, completed: 0, outputs: items.map(() => null) };
  if (items.length === 0) return finish(node, body, context);
  // Boundary events belong to the body: they wait while any run goes on.
  armBoundaryEvents(node, body, context);
  for (let run = 0; run < (sequential ? 1 : items.length); run++) startRun(node, body, context);
}

function startRun(node: MultiInstanceNode, body: Token, context: MultiInstanceContext): void {
  const state = body.multiInstance!;
  const index = state.started++;
  const { inputElement, outputElement } = node.multiInstance;
  const run = context.newToken(node.id);
  run.bodyId = body.id;
  if (body.scopeId === undefined) delete run.scopeId;
  else run.scopeId = body.scopeId;
  // As Zeebe does: the output element is the run's own, so what a run sets there stays in it.
  const output =
    context.runScopes && outputElement !== null && PLAIN_NAME.test(outputElement)
      ? { [outputElement]: null }
      : {};
  run.locals = {
    ...output,
    ...(inputElement === null ? {} : { [inputElement]: state.items[index] }),
    loopCounter: index + 1,
  };
  context.arrive(run);
}

/**
 * The run completed the activity (its token leaves it): its output is kept, and the body goes
 * on, starts the next run (sequential) or waits for the others. `context.variables` are the
 * run's.
 */
export function runCompleted(
  node: MultiInstanceNode,
  run: Token,
  context: MultiInstanceContext,
): void {
  const body = context.tokens.find((token) => token.id === run.bodyId);
  const state = body?.multiInstance;
  if (!body || !state) throw new Error(`run ${run.id} of ${node.id} has no body token`);
  const { outputElement, completionCondition, sequential } = node.multiInstance;
  const { variables } = context;
  if (outputElement !== null) {
    state.outputs[Number(run.locals?.loopCounter) - 1] = attempt(
      node.id,
      'the output element',
      () => evaluateValue(`=${outputElement}`, variables),
    );
  }
  context.removeToken(run);
  state.completed++;
  const going = context.tokens.filter((token) => token.bodyId === body.id);
  const done =
    state.completed === state.items.length ||
    (completionCondition !== null &&
      attempt(node.id, 'the completion condition', () =>
        evaluateCondition(completionCondition, {
          ...variables,
          numberOfInstances: state.items.length,
          numberOfCompletedInstances: state.completed,
          numberOfActiveInstances: going.length,
        }),
      ));
  if (done) {
    for (const other of going) context.dropRun(other);
    return finish(node, body, context);
  }
  if (sequential) startRun(node, body, context);
}

/** Every run is done: the outputs go to the body's scope and its boundary events close. */
function finish(node: MultiInstanceNode, body: Token, context: MultiInstanceContext): void {
  const { outputCollection } = node.multiInstance;
  const outputs = body.multiInstance!.outputs;
  if (outputCollection !== null) {
    context.actAs(body, () => context.changeVariables({ [outputCollection]: outputs }, null));
  }
  context.closeWaitsOf(body);
  delete body.multiInstance;
  context.leave(body, node.outgoing);
}
