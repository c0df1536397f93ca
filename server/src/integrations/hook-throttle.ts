/**
 * Requests to the inbound hooks counted per integration and per address (the caller's IP) in a
 * sliding window, whatever their outcome: a flood of forged or replayed requests costs as much as
 * a flood of genuine ones. Past a limit the hook answers 429 TOO_MANY_ATTEMPTS with Retry-After
 * before the signature is checked or the database read; refused requests are not counted, so a
 * sender that waits Retry-After gets through. Counted in this process's memory (see
 * common/sliding-window.ts).
 */
import { Injectable } from '@nestjs/common';
import { SlidingWindowCounter, tooManyAttempts } from '../common/sliding-window';
import type { IntegrationKey } from './integration.entity';

export interface HookThrottleLimits {
  requestsPerIntegration: number;
  requestsPerAddress: number;
  windowMs: number;
}

export function hookThrottleLimits(env: NodeJS.ProcessEnv = process.env): HookThrottleLimits {
  return {
    requestsPerIntegration: Number(env.FLOWCARD_HOOK_REQUESTS_PER_INTEGRATION ?? 600),
    requestsPerAddress: Number(env.FLOWCARD_HOOK_REQUESTS_PER_ADDRESS ?? 120),
    windowMs: Number(env.FLOWCARD_HOOK_WINDOW_SECONDS ?? 60) * 1000,
  };
}

@Injectable()
export class HookThrottle {
  private readonly limits = hookThrottleLimits();
  private readonly requests = new SlidingWindowCounter(this.limits.windowMs);

  /** Counts the request, or refuses it with 429 when its integration or address is over its limit. */
  admit(key: IntegrationKey, address: string): void {
    const integrationKey = `integration:${key}`;
    const addressKey = `address:${address}`;
    const waitMs = Math.max(
      this.requests.waitMs(integrationKey, this.limits.requestsPerIntegration),
      this.requests.waitMs(addressKey, this.limits.requestsPerAddress),
    );
    if (waitMs > 0) throw tooManyAttempts(`Too many requests to the ${key} hook`, waitMs);
    this.requests.record(integrationKey);
    this.requests.record(addressKey);
  }
}
