import { ActivityFailure, ApplicationFailure, TemporalFailure } from '@temporalio/common';
import type { IncidentCause } from '../engine/incidents';
import { EFFECT_ATTEMPTS, EffectFailureDetails } from './contract';

/**
 * What the incident of a batch the worker could not write says. A local activity's failure
 * reaches the workflow as its own failure (an ApplicationFailure, a timeout), or wrapped in an
 * ActivityFailure.
 */
export function causeOf(failure: TemporalFailure): IncidentCause {
  const cause = failure instanceof ActivityFailure ? failure.cause : failure;
  if (cause instanceof ApplicationFailure) {
    const details = cause.details?.[0] as Partial<EffectFailureDetails> | undefined;
    return {
      elementId: details?.elementId ?? null,
      code: cause.nonRetryable ? (cause.type ?? 'STEP_FAILED') : 'RETRIES_EXHAUSTED',
      message: cause.message,
      attempts: details?.attempt ?? EFFECT_ATTEMPTS,
    };
  }
  return {
    elementId: null,
    code: 'RETRIES_EXHAUSTED',
    message: cause?.message ?? failure.message,
    attempts: EFFECT_ATTEMPTS,
  };
}
