/** The first pause before a failed pass runs again. */
export const FIRST_RETRY_MS = 250;

/**
 * When a relay's pass failed (the database or Temporal did not answer), runs it again soon
 * rather than at its next poll: after `FIRST_RETRY_MS`, doubled after each failure in a row up
 * to the poll interval, and back to the first pause after a pass that succeeds. One retry timer
 * at a time, so wake-ups that fail meanwhile do not stack retries.
 */
export class RetryBackoff {
  private timer: NodeJS.Timeout | null = null;
  private pauseMs = FIRST_RETRY_MS;

  constructor(private readonly maxMs: number) {}

  succeeded(): void {
    this.pauseMs = FIRST_RETRY_MS;
  }

  /** Runs `retry` after the current pause, unless a retry is already due. */
  failed(retry: () => void): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      retry();
    }, this.pauseMs);
    this.timer.unref();
    this.pauseMs = Math.min(this.pauseMs * 2, this.maxMs);
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
