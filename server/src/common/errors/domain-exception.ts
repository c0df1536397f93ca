/**
 * What kind of refusal an error is, independent of how it travels: the HTTP filter turns a kind
 * into a status, the worker turns every domain error into a failure that is not retried.
 */
export type ErrorKind =
  | 'invalid'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'unprocessable'
  | 'too_many_attempts'
  | 'unavailable';

/** One code of a module's catalogue: the stable string clients match, its kind, its meaning. */
export interface ErrorCode {
  readonly code: string;
  readonly kind: ErrorKind;
  readonly meaning: string;
}

/** A domain rule said no. Thrown by services, guards and helpers; never tied to a transport. */
export class DomainException extends Error {
  readonly code: string;
  readonly kind: ErrorKind;

  /**
   * `retryAfterSeconds`: when a refusal of the moment (too many attempts, a busy database) lifts;
   * HTTP sends it as Retry-After.
   */
  constructor(
    error: ErrorCode,
    message: string,
    readonly details: unknown[] = [],
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'DomainException';
    this.code = error.code;
    this.kind = error.kind;
  }
}

/** A module's codes, keyed by the code itself: `{ TASK_NOT_OPEN: ['conflict', 'meaning'] }`. */
export type ErrorCatalogue<K extends string> = { readonly [C in K]: ErrorCode & { code: C } };

export function defineErrors<K extends string>(
  codes: Record<K, readonly [ErrorKind, string]>,
): ErrorCatalogue<K> {
  return Object.fromEntries(
    Object.entries<readonly [ErrorKind, string]>(codes).map(([code, [kind, meaning]]) => [
      code,
      { code, kind, meaning },
    ]),
  ) as ErrorCatalogue<K>;
}

/** The tiny constructor each module exports: `taskError('TASK_NOT_OPEN', message)`. */
export function errorFactory<K extends string>(catalogue: ErrorCatalogue<K>) {
  return (code: K, message: string, details?: unknown[]): DomainException =>
    new DomainException(catalogue[code], message, details);
}
