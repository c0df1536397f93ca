import { Logger } from '@nestjs/common';
import type { EventRelay } from './event-relay.service';
import type { LiveEvent } from './live-event';
import { RetryBackoff } from './retry-backoff';

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

  constructor(
    private readonly name: string,
    private readonly pass: () => Promise<unknown>,
    private readonly logger: Logger,
  ) {}

  start(relay: EventRelay, wakesOn: (event: LiveEvent) => boolean, pollMs: number): void {
    this.unsubscribe = relay.onEvent((event) => {
      if (wakesOn(event)) this.tick();
    });
    this.timer = setInterval(() => this.tick(), pollMs);
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
    this.inFlight = this.pass()
      .then(() => this.backoff?.succeeded())
      .catch((error: unknown) => {
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
