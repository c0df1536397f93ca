/**
 * The engine state outside a batch (the one before the start, and copies a batch may change) and
 * the commands a batch answers.
 */
import { isPlainObject } from './plain-object';
import type { Command, Effect, EngineState, StartInput } from './types';

/** The state before the start: no token yet. An incident at the start goes back to it. */
export function initialState(input: StartInput): EngineState {
  if (!isPlainObject(input.variables)) throw new Error('the start variables must be an object');
  const { instanceId, variables } = input;
  const state: EngineState = {
    instanceId,
    status: 'running',
    seq: 0,
    variables,
    tokens: [],
    waits: [],
    joins: {},
  };
  return {
    ...state,
    ...(input.called && { called: true as const }),
    ...(input.runScopes && { runScopes: true as const }),
  };
}

/** A copy the batch may change without touching the state it came from. */
export function copyState(state: EngineState): EngineState {
  return {
    ...state,
    tokens: state.tokens.map(({ multiInstance, ...token }) =>
      multiInstance
        ? {
            ...token,
            multiInstance: {
              ...multiInstance,
              items: [...multiInstance.items],
              outputs: [...multiInstance.outputs],
            },
          }
        : token,
    ),
    waits: state.waits.map((wait) => ({ ...wait })),
    joins: Object.fromEntries(
      Object.entries(state.joins).map(([id, flowIds]) => [id, [...flowIds]]),
    ),
  };
}

/** What the batch changed besides its effects, by wait key. */
export interface BatchWaits {
  /** Timers waited on since the batch began: their startTimer commands are still to be issued. */
  newTimers: ReadonlySet<string>;
  /** Timers started by an earlier batch and cancelled in this one. */
  cancelledTimers: readonly string[];
  /** Called instances written in this batch, to start, and those to cancel. */
  calledInstances: readonly string[];
  cancelledCalls: readonly string[];
}

/**
 * The batch's commands: its effects in one transaction first, then the timers it stopped and
 * started, then the called instances it wrote and those it no longer waits for (one written and
 * cancelled in the same batch starts, then is cancelled at once).
 */
export function commandsOf(state: EngineState, effects: Effect[], waits: BatchWaits): Command[] {
  const commands: Command[] = [];
  if (effects.length > 0) commands.push({ type: 'writeEffects', effects });
  for (const waitKey of waits.cancelledTimers) commands.push({ type: 'cancelTimer', waitKey });
  for (const wait of state.waits) {
    if (wait.kind === 'timer' && waits.newTimers.has(wait.waitKey)) {
      const { waitKey, elementId } = wait;
      commands.push(
        'durationMs' in wait
          ? { type: 'startTimer', waitKey, elementId, durationMs: wait.durationMs }
          : { type: 'startTimer', waitKey, elementId, dueAt: wait.dueAt },
      );
    }
  }
  for (const waitKey of waits.calledInstances) {
    commands.push({ type: 'startCalledInstance', waitKey });
  }
  for (const waitKey of waits.cancelledCalls) {
    commands.push({ type: 'cancelCalledInstance', waitKey });
  }
  return commands;
}
