import { Logger } from '@nestjs/common';
import type { EventRelay } from './event-relay.service';
import type { LiveEvent } from './live-event';
import { RetryBackoff } from './retry-backoff';

/**
 * What a pass does besides its pending work: `sweep` asks it to look for the work no event
 * announces (held items an instance's retry frees, rows to clean up). Asked by the poll, by
 * the events `sweepsOn` names, and again after a sweeping pass failed, not by every wake-up.
 */
export interface RelayPassOptions {
  sweep: boolean;
}

/**
 * Runs a relay's pass one at a time: woken by the outbox events it cares about (through the
 * API's one `EventRelay`) and by a slow poll as the fallback. A wake-up during a pass runs one
 * more pass after it, so nothing committed meanwhile waits for the poll. A pass that failed
 * (throws) runs again soon (`RetryBackoff`), not at the next poll only.
 */
export class RelayLoop {
  private timer: NodeJS.Timeout | null = null;
  private unsubscribe: (() => void) | null = null;
  private inFlight: Promise<void> | null = null;
  private passAgain = false;
  private backoff: RetryBackoff | null = null;
  private sweepDue = true;

  constructor(
    private readonly name: string,
    private readonly pass: (options: RelayPassOptions) => Promise<unknown>,
    private readonly logger: Logger,
  ) {}

  start(
    relay: EventRelay,
    wakesOn: (event: LiveEvent) => boolean,
    pollMs: number,
    sweepsOn: (event: LiveEvent) => boolean = () => false,
  ): void {
    this.unsubscribe = relay.onEvent((event) => {
      if (sweepsOn(event)) {
        this.sweepDue = true;
        this.tick();
      } else if (wakesOn(event)) {
        this.tick();
      }
    });
    this.timer = setInterval(() => {
      this.sweepDue = true;
      this.tick();
    }, pollMs);
    this.backoff = new RetryBackoff(pollMs);
  }

  async stop(): Promise<void> {
    this.unsubscribe?.();
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.backoff?.stop();
    await this.inFlight;
  }

  private tick(): void {
    if (this.inFlight) {
      this.passAgain = true;
      return;
    }
    const sweep = this.sweepDue;
    this.sweepDue = false;
    this.inFlight = this.pass({ sweep })
      .then(() => this.backoff?.succeeded())
      .catch((error: unknown) => {
        if (sweep) this.sweepDue = true;
        this.logger.error(`${this.name}: ${String(error)}`);
        if (this.timer) this.backoff?.failed(() => this.tick());
      })
      .finally(() => {
        this.inFlight = null;
        if (this.passAgain && this.timer) {
          this.passAgain = false;
          this.tick();
        }
      });
  }
}
