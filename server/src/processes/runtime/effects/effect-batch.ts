import { ApplicationFailure } from '@temporalio/common';
import { EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import type { Effect } from '#workflows/engine/types';
import type { CalledInstanceStart, DeliverMessageArgs } from '#workflows/temporal/contract';
import type { AuditActor } from '#server/audit/audit';
import { deferInserts, writeDeferredInserts } from '#server/database/deferred-inserts';
import { Client } from '#server/crm/clients/client.entity';
import type { FlowcardEvent } from '#server/events/catalogue';
import { appendEvents } from '#server/live/outbox';
import { ProcessInstance } from '#server/processes/instances/process-instance.entity';

/** The effect of type `T` (the element lifecycle effects share one shape for two types). */
export type EffectOf<T extends Effect['type']> = EffectOfType<Effect, T>;
type EffectOfType<E, T> = E extends { type: infer Types } ? (T extends Types ? E : never) : never;

/** Writes one effect of type `T` inside its batch's transaction. */
export type EffectHandler<T extends Effect['type']> = (
  batch: EffectBatch,
  effect: EffectOf<T>,
) => Promise<void>;

/** What a batch knows of its process instance. */
export type BatchInstance = Pick<ProcessInstance, 'id' | 'clientId' | 'status'>;

type ClientLock = 'pessimistic_read' | 'pessimistic_write';

/**
 * The lock the CRM operation of an effect takes on the instance's client: FOR SHARE to add to
 * it, FOR UPDATE to change it. A deal for another client does not touch the instance's.
 */
function clientLockOf(effect: Effect): ClientLock | null {
  switch (effect.type) {
    case 'setClientStatus':
    case 'assignClientOwner':
      return 'pessimistic_write';
    case 'createActivity':
    case 'addNote':
      return 'pessimistic_read';
    case 'createDeal':
      return effect.clientId === null ? 'pessimistic_read' : null;
    default:
      return null;
  }
}

/** The user an effect names by id or email, which `resolveUserId` then finds. */
function userReferenceOf(effect: Effect): string[] {
  const reference =
    effect.type === 'createActivity' || effect.type === 'openUserTask'
      ? effect.assignee
      : effect.type === 'completeUserTask'
        ? effect.completedBy
        : null;
  return reference === null || reference === '' ? [] : [reference];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * What the effect handlers of one batch share: its transaction, its process instance, its
 * commit time, the outbox its events go to, and what the batch already read: the instance's
 * client, the users it named, and which of its effect keys an earlier attempt wrote.
 */
export class EffectBatch {
  /** The instances the batch's call activities wrote, for the workflow to start after. */
  readonly calledInstances: CalledInstanceStart[] = [];
  /** Buffered messages the batch's new waits consumed, for the workflow to deliver. */
  readonly receivedMessages: DeliverMessageArgs[] = [];

  private client: Client | null = null;

  private constructor(
    readonly manager: EntityManager,
    readonly instance: BatchInstance,
    /**
     * The batch's commit time to the millisecond, as the tables store it (a JavaScript date has
     * no microseconds): relative due times become absolute against it.
     */
    readonly now: Date,
    /** The effect keys of this batch an earlier attempt already wrote (its events carry them). */
    private readonly writtenKeys: ReadonlySet<string>,
    /** The strongest lock any effect of the batch takes on the instance's client. */
    private readonly clientLock: ClientLock | null,
    /** The users the effects name, by id or email: the id, or null for no such user. */
    private readonly userIds: ReadonlyMap<string, string | null>,
  ) {}

  /**
   * Opens the batch of `effects` in the transaction of `manager` with one statement: the
   * instance, the commit time, the keys of the batch that an earlier attempt wrote, and the
   * users the effects name. Null when the instance does not exist. Activities and audit entries
   * wait for `finish`, which writes each table's in one INSERT.
   */
  static async open(
    manager: EntityManager,
    instanceId: string,
    effects: readonly Effect[],
  ): Promise<EffectBatch | null> {
    const references = [...new Set(effects.flatMap(userReferenceOf))];
    const rows: {
      id: string;
      clientId: string | null;
      status: BatchInstance['status'];
      now: Date;
      written: string[];
      users: { id: string; email: string }[];
    }[] = await manager.query(
      `SELECT i.id, i.client_id AS "clientId", i.status, now()::timestamptz(3) AS now,
              ARRAY(SELECT e.idempotency_key FROM instance_events e
                     WHERE e.idempotency_key = ANY($2::text[])) AS written,
              (SELECT COALESCE(json_agg(json_build_object('id', u.id, 'email', u.email)), '[]')
                 FROM users u
                WHERE u.id = ANY($3::uuid[]) OR u.email = ANY($4::text[])) AS users
         FROM process_instances i
        WHERE i.id = $1`,
      [
        instanceId,
        effects.map((effect) => effect.key),
        references.filter((reference) => UUID.test(reference)),
        references.filter((reference) => !UUID.test(reference)).map((email) => email.toLowerCase()),
      ],
    );
    const [row] = rows;
    if (!row) return null;
    const userIds = new Map(
      references.map((reference) => {
        const field = UUID.test(reference) ? 'id' : 'email';
        const user = row.users.find((found) => found[field] === reference.toLowerCase());
        return [reference, user?.id ?? null] as const;
      }),
    );
    const now = new Date(row.now);
    deferInserts(manager, now);
    const locks = effects.map(clientLockOf);
    const clientLock = locks.includes('pessimistic_write')
      ? 'pessimistic_write'
      : locks.includes('pessimistic_read')
        ? 'pessimistic_read'
        : null;
    return new EffectBatch(
      manager,
      { id: row.id, clientId: row.clientId, status: row.status },
      now,
      new Set(row.written),
      clientLock,
      userIds,
    );
  }

  /** Writes what the batch's effects left until its end: their activities and audit entries. */
  finish(): Promise<void> {
    return writeDeferredInserts(this.manager);
  }

  /** Appends an instance event under the effect's key; the outbox keeps the order of calls. */
  event(key: string, event: FlowcardEvent, elementId: string | null): Promise<void> {
    return appendEvents(this.manager, [
      {
        ...event,
        instanceId: this.instance.id,
        clientId: this.instance.clientId,
        elementId,
        idempotencyKey: key,
      },
    ]);
  }

  actor(elementId: string): AuditActor {
    return { processInstanceId: this.instance.id, elementId };
  }

  dueAt(dueInMs: number | null): Date | null {
    return dueInMs === null ? null : new Date(this.now.getTime() + dueInMs);
  }

  /**
   * Whether no earlier attempt of this batch wrote the effect of this key: then the operation
   * need not look for the rows it would have left.
   */
  isNew(key: string): boolean {
    return !this.writtenKeys.has(key);
  }

  /** TypeORM's partial type cannot see into jsonb's `unknown` values, hence the cast. */
  async updateInstance(changes: Partial<ProcessInstance>) {
    await this.manager.update(
      ProcessInstance,
      { id: this.instance.id },
      changes as QueryDeepPartialEntity<ProcessInstance>,
    );
  }

  /**
   * The instance's client, read once per batch and locked until the commit with the strongest
   * lock any effect of the batch needs (so no effect has to raise it later, which could
   * deadlock two batches on one client). A missing or deleted client fails the step for good:
   * retrying would not bring it back.
   */
  async requireClient(elementId: string): Promise<Client> {
    if (this.client) return this.client;
    const clientId = this.instance.clientId;
    if (!clientId) {
      throw ApplicationFailure.nonRetryable(
        `step ${elementId} acts on a client card, but the instance was started without a client`,
      );
    }
    // TypeORM's finders leave deleted clients out.
    const client = await this.manager.findOne(Client, {
      where: { id: clientId },
      ...(this.clientLock ? { lock: { mode: this.clientLock } } : {}),
    });
    if (!client) throw ApplicationFailure.nonRetryable(`client ${clientId} does not exist`);
    this.client = client;
    return client;
  }

  /** The instance's client as an effect of the batch changed it, for the effects after it. */
  clientChanged(client: Client): void {
    this.client = client;
  }

  /**
   * A user an effect names by id or email, as the batch read it when it opened; an unknown name
   * is a modelling error, not a transient one.
   */
  resolveUserId(reference: string | null, elementId: string): string | null {
    if (reference === null || reference === '') return null;
    const userId = this.userIds.get(reference);
    if (userId === undefined) throw new Error(`user "${reference}" was not read with the batch`);
    if (userId === null) {
      throw ApplicationFailure.nonRetryable(`step ${elementId}: no user "${reference}"`);
    }
    return userId;
  }
}
