import type { ExecutableModel } from './model';
import type { Effect, EngineState, Variables } from './types';

/**
 * How the instance ended, for the call activity that started it: its variables and, when it
 * failed, the message and the code of the error end event whose error nothing caught.
 */
export function outcomeOf(
  model: ExecutableModel,
  state: EngineState,
  ended: Extract<Effect, { type: 'instanceEnded' }> | null,
): { variables: Variables; error: { message: string; errorCode: string | null } | null } {
  const error = ended?.error ?? null;
  if (error === null) return { variables: state.variables, error: null };
  const thrower = error.elementId === null ? undefined : model.nodes[error.elementId];
  const errorCode = thrower?.kind === 'errorEndEvent' ? thrower.errorCode : null;
  return { variables: state.variables, error: { message: error.message, errorCode } };
}
