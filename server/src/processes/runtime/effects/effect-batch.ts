import { ApplicationFailure } from '@temporalio/common';
import { EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import type { Effect } from '#workflows/engine/types';
import type { CalledInstanceStart, DeliverMessageArgs } from '#workflows/temporal/contract';
import type { AuditActor } from '#server/audit/audit';
import { Client } from '#server/crm/clients/client.entity';
import type { FlowcardEvent } from '#server/events/catalogue';
import { appendEvents } from '#server/live/outbox';
import { User } from '#server/users/user.entity';
import { ProcessInstance } from '#server/processes/instances/process-instance.entity';

/** The effect of type `T` (the element lifecycle effects share one shape for two types). */
export type EffectOf<T extends Effect['type']> = EffectOfType<Effect, T>;
type EffectOfType<E, T> = E extends { type: infer Types } ? (T extends Types ? E : never) : never;

/** Writes one effect of type `T` inside its batch's transaction. */
export type EffectHandler<T extends Effect['type']> = (
  batch: EffectBatch,
  effect: EffectOf<T>,
) => Promise<void>;

/**
 * What the effect handlers of one batch share: its transaction, its process instance, its
 * commit time, and the outbox its events go to.
 */
export class EffectBatch {
  /** The instances the batch's call activities wrote, for the workflow to start after. */
  readonly calledInstances: CalledInstanceStart[] = [];
  /** Buffered messages the batch's new waits consumed, for the workflow to deliver. */
  readonly receivedMessages: DeliverMessageArgs[] = [];

  constructor(
    readonly manager: EntityManager,
    readonly instance: ProcessInstance,
    /** The batch's commit time: relative due times become absolute against it. */
    readonly now: Date,
  ) {}

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

  /** TypeORM's partial type cannot see into jsonb's `unknown` values, hence the cast. */
  async updateInstance(changes: Partial<ProcessInstance>) {
    await this.manager.update(
      ProcessInstance,
      { id: this.instance.id },
      changes as QueryDeepPartialEntity<ProcessInstance>,
    );
  }

  /**
   * The instance's client, locked for the rest of the batch with `lock`. A missing or deleted
   * client fails the step for good: retrying would not bring it back.
   */
  async requireClient(elementId: string, lock?: 'pessimistic_write'): Promise<Client> {
    const clientId = this.instance.clientId;
    if (!clientId) {
      throw ApplicationFailure.nonRetryable(
        `step ${elementId} acts on a client card, but the instance was started without a client`,
      );
    }
    // TypeORM's finders leave deleted clients out.
    const client = await this.manager.findOne(Client, {
      where: { id: clientId },
      ...(lock ? { lock: { mode: lock } } : {}),
    });
    if (!client) throw ApplicationFailure.nonRetryable(`client ${clientId} does not exist`);
    return client;
  }

  /** A user named by id or email; an unknown name is a modelling error, not a transient one. */
  async resolveUserId(reference: string | null, elementId: string): Promise<string | null> {
    if (reference === null || reference === '') return null;
    const isUuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(
      reference,
    );
    const user = await this.manager.findOne(User, {
      where: isUuid ? { id: reference } : { email: reference.toLowerCase() },
      select: { id: true },
    });
    if (!user) {
      throw ApplicationFailure.nonRetryable(`step ${elementId}: no user "${reference}"`);
    }
    return user.id;
  }
}
