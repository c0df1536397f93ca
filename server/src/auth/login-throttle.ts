/**
 * Failed sign-ins counted per account (the email) and per address (the caller's IP), in a sliding
 * window. Past the limit, login answers 429 TOO_MANY_ATTEMPTS with Retry-After, even with the right
 * password, until the oldest failure of the window expires.
 *
 * The counts live in this process's memory: several API processes each keep their own, so an
 * attacker spread over N processes gets N times the attempts. Enough to turn an online guessing
 * attack from thousands of tries a minute into a few an hour; a shared store (Postgres, Redis)
 * would make the limit exact across processes.
 */
import { DomainException } from '../common/errors/domain-exception';
import { AUTH_ERRORS } from './auth.errors';

export interface LoginThrottleLimits {
  failuresPerAccount: number;
  failuresPerAddress: number;
  windowMs: number;
}

export function loginThrottleLimits(env: NodeJS.ProcessEnv = process.env): LoginThrottleLimits {
  return {
    failuresPerAccount: Number(env.FLOWCARD_LOGIN_FAILURES_PER_ACCOUNT ?? 10),
    failuresPerAddress: Number(env.FLOWCARD_LOGIN_FAILURES_PER_ADDRESS ?? 50),
    windowMs: Number(env.FLOWCARD_LOGIN_WINDOW_SECONDS ?? 15 * 60) * 1000,
  };
}

/** Beyond this many tracked keys, keys without a failure in the window are dropped. */
const SWEEP_ABOVE_KEYS = 10_000;

export class LoginThrottle {
  /** Times of the failures in the window, oldest first, by `account:<email>` or `address:<ip>`. */
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly limits: LoginThrottleLimits,
    private readonly now: () => number = Date.now,
  ) {}

  /** 429 TOO_MANY_ATTEMPTS when the account or the address used up its failures. */
  assertMayTry(email: string, address: string): void {
    const waits = [
      this.waitMs(accountKey(email), this.limits.failuresPerAccount),
      this.waitMs(addressKey(address), this.limits.failuresPerAddress),
    ];
    const waitMs = Math.max(...waits);
    if (waitMs > 0) {
      const retryAfterSeconds = Math.ceil(waitMs / 1000);
      throw new DomainException(
        AUTH_ERRORS.TOO_MANY_ATTEMPTS,
        `Too many failed sign-ins; try again in ${retryAfterSeconds} s`,
        [],
        retryAfterSeconds,
      );
    }
  }

  recordFailure(email: string, address: string): void {
    if (this.failures.size > SWEEP_ABOVE_KEYS) this.sweep();
    for (const key of [accountKey(email), addressKey(address)]) {
      const times = this.recent(key);
      times.push(this.now());
      this.failures.set(key, times);
    }
  }

  /** A successful sign-in clears the account's failures; the address keeps its count. */
  recordSuccess(email: string): void {
    this.failures.delete(accountKey(email));
  }

  private waitMs(key: string, limit: number): number {
    const times = this.recent(key);
    if (times.length < limit) return 0;
    return times[times.length - limit] + this.limits.windowMs - this.now();
  }

  private recent(key: string): number[] {
    const since = this.now() - this.limits.windowMs;
    return (this.failures.get(key) ?? []).filter((time) => time > since);
  }

  private sweep(): void {
    for (const key of [...this.failures.keys()]) {
      if (this.recent(key).length === 0) this.failures.delete(key);
    }
  }
}

const accountKey = (email: string) => `account:${email.trim().toLowerCase()}`;
const addressKey = (address: string) => `address:${address}`;
