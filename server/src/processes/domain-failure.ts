import { ApplicationFailure } from '@temporalio/common';
import { DomainException } from '../common/errors/domain-exception';
import { isPermanentDatabaseRefusal, sqlState } from '../database/database.errors';

/** The failure type of a batch Postgres refuses because of its data (see `toTemporalFailure`). */
export const DATABASE_REFUSED = 'DATABASE_REFUSED';

/**
 * What the worker throws when an effect is refused for good. A domain refusal describes the
 * request, not the moment, so retrying cannot help: the failure is not retryable and its `type`
 * is the domain code (`UNKNOWN_STATUS`, say), for the instance's incident to name. The same holds
 * for data Postgres refuses (a NUL character in text, a number out of range, a constraint other
 * than the idempotency keys, whose conflicts are concurrent attempts of the same batch):
 * type DATABASE_REFUSED with the SQLSTATE. Anything else (a lost connection, a deadlock, a
 * timeout) comes back unchanged for Temporal to retry.
 */
export function toTemporalFailure(error: unknown): unknown {
  if (error instanceof DomainException) {
    return ApplicationFailure.create({
      message: error.message,
      type: error.code,
      nonRetryable: true,
      details: error.details,
      cause: error,
    });
  }
  if (isPermanentDatabaseRefusal(error)) {
    const state = sqlState(error);
    return ApplicationFailure.create({
      message: `The database refused the step (SQLSTATE ${state}): ${(error as Error).message}`,
      type: DATABASE_REFUSED,
      nonRetryable: true,
      details: [{ sqlState: state }],
    });
  }
  return error;
}
