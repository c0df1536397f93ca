/** The engine state outside a batch: the one before the start, and copies a batch may change. */
import { isPlainObject } from './plain-object';
import type { EngineState, StartInput } from './types';

/** The state before the start: no token yet. An incident at the start goes back to it. */
export function initialState(input: StartInput): EngineState {
  if (!isPlainObject(input.variables)) throw new Error('the start variables must be an object');
  const { instanceId, variables } = input;
  return { instanceId, status: 'running', seq: 0, variables, tokens: [], waits: [], joins: {} };
}

/** A copy the batch may change without touching the state it came from. */
export function copyState(state: EngineState): EngineState {
  return {
    ...state,
    tokens: state.tokens.map((token) => ({ ...token })),
    waits: state.waits.map((wait) => ({ ...wait })),
    joins: Object.fromEntries(
      Object.entries(state.joins).map(([id, flowIds]) => [id, [...flowIds]]),
    ),
  };
}
