/**
 * Failed sign-ins counted per account (the email) and per address (the caller's IP), in a sliding
 * window. Past the limit, login answers 429 TOO_MANY_ATTEMPTS with Retry-After, even with the right
 * password, until the oldest failure of the window expires. Counted in this process's memory (see
 * common/sliding-window.ts).
 */
import { SlidingWindowCounter, tooManyAttempts } from '../common/sliding-window';

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

export class LoginThrottle {
  private readonly failures: SlidingWindowCounter;

  constructor(
    private readonly limits: LoginThrottleLimits,
    now: () => number = Date.now,
  ) {
    this.failures = new SlidingWindowCounter(limits.windowMs, now);
  }

  /** 429 TOO_MANY_ATTEMPTS when the account or the address used up its failures. */
  assertMayTry(email: string, address: string): void {
    const waitMs = Math.max(
      this.failures.waitMs(accountKey(email), this.limits.failuresPerAccount),
      this.failures.waitMs(addressKey(address), this.limits.failuresPerAddress),
    );
    if (waitMs > 0) throw tooManyAttempts('Too many failed sign-ins', waitMs);
  }

  recordFailure(email: string, address: string): void {
    this.failures.record(accountKey(email));
    this.failures.record(addressKey(address));
  }

  /** A successful sign-in clears the account's failures; the address keeps its count. */
  recordSuccess(email: string): void {
    this.failures.forget(accountKey(email));
  }
}

const accountKey = (email: string) => `account:${email.trim().toLowerCase()}`;
const addressKey = (address: string) => `address:${address}`;
