import { EntityManager } from 'typeorm';
import type { AuditActor } from '../audit/audit';
import type { FlowcardEvent } from '../events/catalogue';
import { INSTANCE_EVENTS_CHANNEL } from '../processes/instances/instance-event.entity';

/**
 * An event of the catalogue with where it belongs. A process step as `actor` puts it on its
 * instance and element; `clientId` defaults to the instance's client.
 */
export type OutboxEvent = FlowcardEvent & {
  actor?: AuditActor;
  instanceId?: string | null;
  clientId?: string | null;
  elementId?: string | null;
  /** A process step's effect key: a retried step appends nothing twice. */
  idempotencyKey?: string | null;
};

/**
 * An event of the worker's effect writer, which names its types itself until it appends through
 * the catalogue's constructors with `appendEvents`.
 */
export interface NewInstanceEvent {
  instanceId: string;
  type: string;
  elementId?: string | null;
  payload?: Record<string, unknown>;
  idempotencyKey?: string | null;
}

interface EventRow {
  instanceId: string | null;
  clientId: string | null;
  type: string;
  elementId: string | null;
  payload: object;
  idempotencyKey: string | null;
  actorUserId: string | null;
  actorIntegration: string | null;
}

/** Any fixed number: the advisory lock that orders outbox writers. */
const OUTBOX_LOCK = 7_242_001;

/**
 * Appends events inside the caller's transaction and wakes the listeners, who hear it only once
 * the transaction commits. Ids follow the order of `events`, and of the calls within one
 * transaction.
 *
 * Writers take a transaction-scoped advisory lock first, so event ids become visible in id order
 * and a relay reading `id > lastSeen` can never skip an event that commits late. The lock is held
 * until the commit: append late in the transaction.
 */
export async function appendEvents(manager: EntityManager, events: OutboxEvent[]): Promise<void> {
  await insertEvents(
    manager,
    events.map((event) => {
      const actor = event.actor;
      const step = actor && 'processInstanceId' in actor ? actor : null;
      return {
        instanceId: event.instanceId ?? step?.processInstanceId ?? null,
        clientId: event.clientId ?? null,
        type: event.type,
        elementId: event.elementId ?? step?.elementId ?? null,
        payload: event.payload,
        idempotencyKey: event.idempotencyKey ?? null,
        actorUserId: actor && 'userId' in actor ? actor.userId : null,
        actorIntegration: actor && 'integration' in actor ? actor.integration : null,
      };
    }),
  );
}

/** `appendEvents` for the worker's effect writer (see `NewInstanceEvent`). */
export async function appendInstanceEvents(
  manager: EntityManager,
  events: NewInstanceEvent[],
): Promise<void> {
  await insertEvents(
    manager,
    events.map((event) => ({
      instanceId: event.instanceId,
      clientId: null,
      type: event.type,
      elementId: event.elementId ?? null,
      payload: event.payload ?? {},
      idempotencyKey: event.idempotencyKey ?? null,
      actorUserId: null,
      actorIntegration: null,
    })),
  );
}

/**
 * One statement for the whole batch, in order; an event of an instance without a client id of
 * its own gets the instance's client.
 */
async function insertEvents(manager: EntityManager, rows: EventRow[]): Promise<void> {
  if (rows.length === 0) return;
  await manager.query('SELECT pg_advisory_xact_lock($1)', [OUTBOX_LOCK]);
  await manager.query(
    `INSERT INTO instance_events
       (instance_id, client_id, type, element_id, payload, idempotency_key,
        actor_user_id, actor_integration)
     SELECT (e ->> 'instanceId')::uuid, COALESCE((e ->> 'clientId')::uuid, i.client_id),
            e ->> 'type', e ->> 'elementId', e -> 'payload', e ->> 'idempotencyKey',
            (e ->> 'actorUserId')::uuid, e ->> 'actorIntegration'
       FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS batch(e, position)
       LEFT JOIN process_instances i ON i.id = (e ->> 'instanceId')::uuid
      ORDER BY batch.position
     ON CONFLICT DO NOTHING`,
    [JSON.stringify(rows)],
  );
  await manager.query('SELECT pg_notify($1, $2)', [INSTANCE_EVENTS_CHANNEL, '']);
}
