import { ApplicationFailure } from '@temporalio/common';
import { DomainException } from '../common/errors/domain-exception';

/**
 * What the worker throws when a domain rule refuses an effect. The refusal describes the request,
 * not the moment, so retrying cannot help: the failure is not retryable and its `type` is the
 * domain code (`UNKNOWN_STATUS`, say), for the instance's incident to name. Anything else (a lost
 * connection, a deadlock) comes back unchanged for Temporal to retry.
 */
export function toTemporalFailure(error: unknown): unknown {
  if (!(error instanceof DomainException)) return error;
  return ApplicationFailure.create({
    message: error.message,
    type: error.code,
    nonRetryable: true,
    details: error.details,
    cause: error,
  });
}
