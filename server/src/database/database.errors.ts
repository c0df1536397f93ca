import { QueryFailedError } from 'typeorm';
import { defineErrors, DomainException, errorFactory } from '../common/errors/domain-exception';

export const DATABASE_ERRORS = defineErrors({
  DATABASE_BUSY: [
    'unavailable',
    'The database cannot take the request now (no free connection, a lock or a statement timed out, or it is restarting); retry after Retry-After seconds',
  ],
  TEXT_NOT_STORABLE: [
    'invalid',
    'A text in the request holds a character the database cannot store (NUL, \\u0000); nothing was changed',
  ],
});

export const databaseError = errorFactory(DATABASE_ERRORS);

/** What node-postgres' pool says when no connection came free within `connectionTimeoutMillis`. */
const POOL_TIMEOUT_MESSAGES = [
  'timeout exceeded when trying to connect',
  'Connection terminated due to connection timeout',
];

/**
 * SQLSTATEs of refusals that depend on the moment, not on the request: a statement or lock wait
 * cut short by its timeout, a serialization failure or deadlock, too many connections, a
 * transaction closed for idling. The same request may succeed a moment later.
 */
const TRANSIENT_SQLSTATES = new Set(['57014', '55P03', '40001', '40P01', '53300', '25P03']);

/**
 * SQLSTATE classes of refusals that depend on the data alone: 22 (data exceptions, such as a NUL
 * character in text, an invalid byte sequence, a number out of range) and 23 (integrity
 * constraints). Retrying the same write meets the same refusal.
 */
const PERMANENT_SQLSTATE_CLASSES = ['22', '23'];

/**
 * The database could not be reached or dropped the connection (it crashed, restarts, or the
 * network failed): class 08 and 57P01-57P03 (shut down, crashed, starting up), a refused or reset
 * socket, a connection that ended under a query. Nothing is known to have committed, except when
 * the lost statement was the COMMIT itself (`unreachable` says false then: outcome unknown).
 */
const UNREACHABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03']);
const UNREACHABLE_ERRNOS = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ENOTFOUND']);
const CONNECTION_LOST_MESSAGES = [
  'Connection terminated unexpectedly',
  'Client has encountered a connection error and is not queryable',
  'Client was closed and is not queryable',
];

function unreachable(error: unknown, state: string | null): boolean {
  if (!(error instanceof Error)) return false;
  if (error instanceof QueryFailedError && /^\s*commit\b/i.test(error.query)) return false;
  const driverError = error instanceof QueryFailedError ? error.driverError : error;
  // A refusal at connect (`the database system is starting up`) is no QueryFailedError.
  const code = state ?? (driverError as { code?: unknown }).code;
  return (
    (typeof code === 'string' &&
      (code.startsWith('08') || UNREACHABLE_SQLSTATES.has(code) || UNREACHABLE_ERRNOS.has(code))) ||
    CONNECTION_LOST_MESSAGES.includes((driverError as Error).message)
  );
}

export function sqlState(error: unknown): string | null {
  if (!(error instanceof QueryFailedError)) return null;
  const code = (error.driverError as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : null;
}

/** DATABASE_BUSY for a failure that a retry after a short wait may not meet, else null. */
export function databaseBusy(error: unknown): DomainException | null {
  const state = sqlState(error);
  const transient =
    (state !== null && TRANSIENT_SQLSTATES.has(state)) ||
    (error instanceof Error && POOL_TIMEOUT_MESSAGES.includes(error.message)) ||
    unreachable(error, state);
  if (!transient) return null;
  return databaseError(
    'DATABASE_BUSY',
    'The database is busy; try again in a moment',
    state ? [{ sqlState: state }] : [],
  );
}

/** SQLSTATEs of text Postgres cannot hold: a NUL in text (22021) or as a JSON escape (22P05). */
const UNSTORABLE_TEXT_SQLSTATES = new Set(['22021', '22P05']);

/**
 * TEXT_NOT_STORABLE for a statement Postgres refused over a NUL character in the request's text,
 * else null. The statement's transaction rolled back, so the request changed nothing; the
 * variables of an instance are checked before (VARIABLES_INVALID), every other text meets this.
 */
export function textNotStorable(error: unknown): DomainException | null {
  const state = sqlState(error);
  if (state === null || !UNSTORABLE_TEXT_SQLSTATES.has(state)) return null;
  return databaseError(
    'TEXT_NOT_STORABLE',
    'A text in the request holds a NUL character (\\u0000), which the database cannot store',
  );
}

/**
 * Whether Postgres refused the write for a reason that no retry of the same data can change. A
 * unique violation on an idempotency key is not one: two attempts of the same batch ran at once
 * (a worker's local activity retried while its first attempt still ran, after a crash), and the
 * retry finds the other's row and writes nothing twice.
 */
export function isPermanentDatabaseRefusal(error: unknown): boolean {
  const state = sqlState(error);
  if (state === '23505' && IDEMPOTENCY_CONSTRAINT.test(constraintOf(error))) return false;
  return state !== null && PERMANENT_SQLSTATE_CLASSES.includes(state.slice(0, 2));
}

/** The unique constraints that hold effect keys (`activities_idempotency_key_key`, ...). */
const IDEMPOTENCY_CONSTRAINT = /(idempotency_key|wait_key|effect_key)/;

function constraintOf(error: unknown): string {
  if (!(error instanceof QueryFailedError)) return '';
  const constraint = (error.driverError as { constraint?: unknown } | undefined)?.constraint;
  return typeof constraint === 'string' ? constraint : '';
}

/**
 * Reads the answer of a request whose change has already committed. Answering 503 now would tell
 * the caller that nothing changed and invite a duplicate on retry, so a busy database is waited
 * out instead: the read is tried again until it succeeds, fails otherwise, or `budgetMs` passed.
 */
export async function readAfterCommit<T>(
  read: () => Promise<T>,
  budgetMs = 30_000,
  now: () => number = Date.now,
): Promise<T> {
  const deadline = now() + budgetMs;
  for (;;) {
    try {
      return await read();
    } catch (error) {
      if (now() >= deadline || !databaseBusy(error)) throw error;
      // A database that restarts refuses connections at once: no tight loop meanwhile.
      await new Promise((resolve) => setTimeout(resolve, READ_AGAIN_AFTER_MS));
    }
  }
}

const READ_AGAIN_AFTER_MS = 100;
