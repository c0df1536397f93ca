import { EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import {
  INSTANCE_EVENTS_CHANNEL,
  InstanceEvent,
} from '../processes/instances/instance-event.entity';

export type NewInstanceEvent = Pick<InstanceEvent, 'instanceId' | 'type'> &
  Partial<Pick<InstanceEvent, 'elementId' | 'payload' | 'idempotencyKey'>>;

/** Any fixed number: the advisory lock that orders outbox writers. */
const OUTBOX_LOCK = 7_242_001;

/**
 * Appends instance events inside the caller's transaction and wakes the listeners,
 * who hear it only once the transaction commits.
 *
 * Writers take a transaction-scoped advisory lock first, so event ids become visible
 * in id order and a relay reading `id > lastSeen` can never skip an event that
 * commits late. Call it last in the transaction to keep the lock short.
 */
export async function appendInstanceEvents(
  manager: EntityManager,
  events: NewInstanceEvent[],
): Promise<void> {
  if (events.length === 0) return;
  await manager.query('SELECT pg_advisory_xact_lock($1)', [OUTBOX_LOCK]);
  await manager
    .createQueryBuilder()
    .insert()
    .into(InstanceEvent)
    .values(
      events.map((event) => ({
        instanceId: event.instanceId,
        type: event.type,
        elementId: event.elementId ?? null,
        payload: event.payload ?? {},
        idempotencyKey: event.idempotencyKey ?? null,
      })) as QueryDeepPartialEntity<InstanceEvent>[],
    )
    .orIgnore()
    .execute();
  await manager.query('SELECT pg_notify($1, $2)', [INSTANCE_EVENTS_CHANNEL, '']);
}
