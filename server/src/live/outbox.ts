import {
  EntityManager,
  EntitySubscriberInterface,
  EventSubscriber,
  QueryRunner,
  TransactionCommitEvent,
  TransactionRollbackEvent,
} from 'typeorm';
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
export const OUTBOX_LOCK = 7_242_001;

/**
 * Appends events to the outbox of the caller's transaction. They are written, in the order of
 * the calls, just before the transaction commits (`OutboxWriter`), and the listeners hear of them
 * once it committed.
 *
 * Writers take a transaction-scoped advisory lock to write, so event ids become visible in id
 * order and a relay reading `id > lastSeen` can never skip an event that commits late. Writing at
 * the commit takes that lock after every row lock of the transaction and holds it only for the
 * commit, so two writers never wait for each other's locks in opposite orders.
 */
export async function appendEvents(manager: EntityManager, events: OutboxEvent[]): Promise<void> {
  await queueEvents(
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

/** The events each open transaction appended, by its query runner. */
const pending = new WeakMap<QueryRunner, EventRow[]>();

async function queueEvents(manager: EntityManager, rows: EventRow[]): Promise<void> {
  if (rows.length === 0) return;
  const runner = manager.queryRunner;
  if (!runner?.isTransactionActive) {
    // Outside a transaction the insert is a transaction of its own, which holds the lock.
    await manager.transaction((transaction) => insertEvents(transaction, rows));
    return;
  }
  if (!manager.connection.subscribers.some((subscriber) => subscriber instanceof OutboxWriter)) {
    throw new Error('OutboxWriter is not among the subscribers of this DataSource');
  }
  pending.set(runner, [...(pending.get(runner) ?? []), ...rows]);
}

/**
 * Writes what a transaction appended just before it commits (TypeORM awaits this subscriber
 * before COMMIT, so a failing write rolls the whole transaction back) and forgets it on rollback.
 * Registered in `dataSourceOptions`.
 */
@EventSubscriber()
export class OutboxWriter implements EntitySubscriberInterface {
  async beforeTransactionCommit(event: TransactionCommitEvent): Promise<void> {
    const rows = pending.get(event.queryRunner);
    if (!rows) return;
    pending.delete(event.queryRunner);
    await insertEvents(event.manager, rows);
  }

  afterTransactionRollback(event: TransactionRollbackEvent): void {
    pending.delete(event.queryRunner);
  }
}

/**
 * One round trip for the whole batch, in order; an event of an instance without a client id of
 * its own gets the instance's client. The outbox lock (with the NOTIFY, which Postgres delivers
 * only on commit) is taken in the `locked` CTE before any row draws its id from the sequence:
 * the CTE calls volatile functions, so Postgres evaluates it once and never inlines it
 * (MATERIALIZED says so too), and the id's default is computed when a row reaches the insert,
 * that is after the sort, whose every input row is a join row with the CTE's one row. So the
 * first `nextval` comes after the lock, as when it was a statement of its own. The statement's
 * snapshot is taken before the lock wait; the one thing it reads is the client of the event's
 * instance, which is set when the instance is written, committed before anyone else knows its id.
 */
async function insertEvents(manager: EntityManager, rows: EventRow[]): Promise<void> {
  await manager.query(
    `WITH locked AS MATERIALIZED (SELECT pg_advisory_xact_lock($1), pg_notify($2, ''))
     INSERT INTO instance_events
       (instance_id, client_id, type, element_id, payload, idempotency_key,
        actor_user_id, actor_integration)
     SELECT (e ->> 'instanceId')::uuid, COALESCE((e ->> 'clientId')::uuid, i.client_id),
            e ->> 'type', e ->> 'elementId', e -> 'payload', e ->> 'idempotencyKey',
            (e ->> 'actorUserId')::uuid, e ->> 'actorIntegration'
       FROM locked
      CROSS JOIN jsonb_array_elements($3::jsonb) WITH ORDINALITY AS batch(e, position)
       LEFT JOIN process_instances i ON i.id = (e ->> 'instanceId')::uuid
      ORDER BY batch.position
     ON CONFLICT DO NOTHING`,
    [OUTBOX_LOCK, INSTANCE_EVENTS_CHANNEL, JSON.stringify(rows)],
  );
}
