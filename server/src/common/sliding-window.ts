/**
 * Throttling shared by sign-in and the inbound hooks: events counted per key in a sliding window,
 * and the 429 that refuses a key over its limit.
 *
 * The counts live in this process's memory: several API processes each keep their own, so a
 * caller spread over N processes gets N times the limit. Enough to turn a guessing attack or a
 * flood from thousands of requests a minute into a trickle; a shared store (Postgres, Redis)
 * would make the limit exact across processes.
 */
import { COMMON_ERRORS } from './errors/common.errors';
import { DomainException } from './errors/domain-exception';

/** Beyond this many tracked keys, keys without an event in the window are dropped. */
const SWEEP_ABOVE_KEYS = 10_000;

export class SlidingWindowCounter {
  /** Times of the events in the window, oldest first, by key. */
  private readonly events = new Map<string, number[]>();

  constructor(
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** How long until `key` has fewer than `limit` events in the window; 0 when it has now. */
  waitMs(key: string, limit: number): number {
    const times = this.recent(key);
    if (times.length < limit) return 0;
    return times[times.length - limit] + this.windowMs - this.now();
  }

  record(key: string): void {
    if (this.events.size > SWEEP_ABOVE_KEYS) this.sweep();
    const times = this.recent(key);
    times.push(this.now());
    this.events.set(key, times);
  }

  forget(key: string): void {
    this.events.delete(key);
  }

  private recent(key: string): number[] {
    const since = this.now() - this.windowMs;
    return (this.events.get(key) ?? []).filter((time) => time > since);
  }

  private sweep(): void {
    for (const key of [...this.events.keys()]) {
      if (this.recent(key).length === 0) this.events.delete(key);
    }
  }
}

/** 429 TOO_MANY_ATTEMPTS with Retry-After, the wait rounded up to seconds. */
export function tooManyAttempts(what: string, waitMs: number): DomainException {
  const retryAfterSeconds = Math.max(1, Math.ceil(waitMs / 1000));
  return new DomainException(
    COMMON_ERRORS.TOO_MANY_ATTEMPTS,
    `${what}; try again in ${retryAfterSeconds} s`,
    [],
    retryAfterSeconds,
  );
}
