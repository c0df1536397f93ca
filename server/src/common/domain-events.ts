import { Injectable, Logger } from '@nestjs/common';
import { EventEmitter } from 'node:events';

/**
 * What happened in the CRM, published after the change committed. The process triggers
 * (starting and signalling processes from CRM changes) subscribe here.
 */
export type DomainEvent =
  | { type: 'client.created'; clientId: string; actorUserId: string | null }
  | {
      type: 'client.status_changed';
      clientId: string;
      from: string | null;
      to: string;
      actorUserId: string | null;
    }
  | {
      type: 'deal.stage_changed';
      dealId: string;
      clientId: string;
      fromStageId: string | null;
      toStageId: string;
      actorUserId: string | null;
    }
  | { type: 'activity.done'; activityId: string; clientId: string; actorUserId: string | null };

export const DOMAIN_EVENT_TYPES: readonly DomainEvent['type'][] = [
  'client.created',
  'client.status_changed',
  'deal.stage_changed',
  'activity.done',
];

type Handler<T extends DomainEvent['type']> = (
  event: Extract<DomainEvent, { type: T }>,
) => void | Promise<void>;

/** An in-process bus. Publish only after commit: a subscriber never sees a change that rolled back. */
@Injectable()
export class DomainEventBus {
  private readonly logger = new Logger(DomainEventBus.name);
  private readonly emitter = new EventEmitter();

  subscribe<T extends DomainEvent['type']>(type: T, handler: Handler<T>): () => void {
    const listener = (event: Extract<DomainEvent, { type: T }>) => {
      // A failing subscriber must not fail the request whose change already committed.
      Promise.resolve(handler(event)).catch((error) =>
        this.logger.error(`handler of ${type} failed: ${(error as Error).message}`),
      );
    };
    this.emitter.on(type, listener);
    return () => this.emitter.off(type, listener);
  }

  publish(...events: DomainEvent[]): void {
    for (const event of events) this.emitter.emit(event.type, event);
  }
}
