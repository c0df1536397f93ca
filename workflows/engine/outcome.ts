import type { Effect, EngineState, Variables } from './types';

/**
 * How the instance ended, for the call activity that started it: its variables and, when it
 * failed, the message and the code of the BPMN error nothing in it caught.
 */
export function outcomeOf(
  state: EngineState,
  ended: Extract<Effect, { type: 'instanceEnded' }> | null,
): { variables: Variables; error: { message: string; errorCode: string | null } | null } {
  const error = ended?.error ?? null;
  if (error === null) return { variables: state.variables, error: null };
  const errorCode = error.errorCode ?? null;
  return { variables: state.variables, error: { message: error.message, errorCode } };
}
