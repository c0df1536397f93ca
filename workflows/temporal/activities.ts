/**
 * Temporal activities: the only place where a process instance touches the database.
 *
 * `applyEffects` writes one batch of engine effects (every call, task, status change and
 * instance event of a run of automatic steps) in one transaction. Each row carries the
 * effect's key under a unique constraint, so a retried batch writes nothing twice.
 */
import { ApplicationFailure } from '@temporalio/common';
import { DataSource, EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { Activity } from '../../server/src/crm/activities/activity.entity';
import { Client } from '../../server/src/crm/clients/client.entity';
import { ClientStatusTransition } from '../../server/src/crm/clients/client-status.entity';
import { recordAudit } from '../../server/src/audit/audit';
import { ClientStatusChange } from '../../server/src/crm/clients/client-status-change.entity';
import { NewInstanceEvent, appendInstanceEvents } from '../../server/src/live/outbox';
import { ProcessInstance } from '../../server/src/processes/instances/process-instance.entity';
import { UserTask } from '../../server/src/processes/tasks/user-task.entity';
import { User } from '../../server/src/users/user.entity';
import type { Effect } from '../engine/types';

export interface ApplyEffectsResult {
  /** Commit time of the batch (epoch ms): the engine's only notion of "now". */
  committedAt: number;
}

export function createActivities(dataSource: DataSource) {
  return {
    async applyEffects(instanceId: string, effects: Effect[]): Promise<ApplyEffectsResult> {
      const committedAt = await dataSource.transaction(async (manager) => {
        const instance = await manager.findOneBy(ProcessInstance, { id: instanceId });
        if (!instance) {
          throw ApplicationFailure.nonRetryable(`process instance ${instanceId} does not exist`);
        }
        const [{ now }] = await manager.query('SELECT now() AS now');
        const writer = new EffectWriter(manager, instance, new Date(now));
        for (const effect of effects) await writer.apply(effect);
        await appendInstanceEvents(manager, writer.events);
        return new Date(now).getTime();
      });
      return { committedAt };
    },
  };
}

export type FlowcardActivities = ReturnType<typeof createActivities>;

class EffectWriter {
  readonly events: NewInstanceEvent[] = [];

  constructor(
    private readonly manager: EntityManager,
    private readonly instance: ProcessInstance,
    private readonly now: Date,
  ) {}

  async apply(effect: Effect): Promise<void> {
    switch (effect.type) {
      case 'elementStarted':
      case 'elementCompleted':
        this.event(
          effect.key,
          effect.type === 'elementStarted' ? 'element.started' : 'element.completed',
          effect.elementId,
          {
            elementKind: effect.elementKind,
            elementName: effect.elementName,
            tokenId: effect.tokenId,
          },
        );
        return;
      case 'createActivity':
        return this.createActivity(effect);
      case 'setClientStatus':
        return this.setClientStatus(effect);
      case 'openUserTask':
        return this.openUserTask(effect);
      case 'completeUserTask':
        return this.closeUserTask(effect.key, effect.waitKey, 'completed', effect);
      case 'cancelUserTask':
        return this.closeUserTask(effect.key, effect.waitKey, 'cancelled', null);
      case 'variablesChanged':
        await this.updateInstance({ variables: effect.variables });
        this.event(effect.key, 'instance.variables_changed', null, {
          variables: effect.variables,
          by: effect.by,
        });
        return;
      case 'instanceEnded':
        await this.updateInstance({
          status: effect.status,
          variables: effect.variables,
          error: effect.error,
          endedAt: this.now,
        });
        this.event(effect.key, `instance.${effect.status}`, effect.error?.elementId ?? null, {
          error: effect.error,
        });
        return;
    }
  }

  /** TypeORM's partial type cannot see into jsonb's `unknown` values, hence the cast. */
  private async updateInstance(changes: Partial<ProcessInstance>) {
    await this.manager.update(
      ProcessInstance,
      { id: this.instance.id },
      changes as QueryDeepPartialEntity<ProcessInstance>,
    );
  }

  private event(
    key: string,
    type: string,
    elementId: string | null,
    payload: Record<string, unknown>,
  ) {
    this.events.push({
      instanceId: this.instance.id,
      type,
      elementId,
      payload,
      idempotencyKey: key,
    });
  }

  /**
   * The instance's client, locked for the rest of the batch with `lock`. A missing or deleted
   * client fails the step for good: retrying would not bring it back.
   */
  private async requireClient(elementId: string, lock?: 'pessimistic_write'): Promise<Client> {
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

  private dueAt(dueInMs: number | null): Date | null {
    return dueInMs === null ? null : new Date(this.now.getTime() + dueInMs);
  }

  /** A user named by id or email; an unknown name is a modelling error, not a transient one. */
  private async resolveUserId(reference: string | null, elementId: string): Promise<string | null> {
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

  private async createActivity(effect: Extract<Effect, { type: 'createActivity' }>) {
    const client = await this.requireClient(effect.elementId);
    const clientId = client.id;
    const assigneeId =
      (await this.resolveUserId(effect.assignee, effect.elementId)) ?? client.ownerId;
    const inserted = await this.manager
      .createQueryBuilder()
      .insert()
      .into(Activity)
      .values({
        clientId,
        kind: effect.activityKind,
        subject: effect.subject,
        dueAt: this.dueAt(effect.dueInMs),
        assigneeId,
        status: 'open',
        processInstanceId: this.instance.id,
        elementId: effect.elementId,
        idempotencyKey: effect.key,
      })
      .orIgnore()
      .returning(['id'])
      .execute();
    const activityId = inserted.raw[0]?.id;
    if (!activityId) return;
    await recordAudit(this.manager, [
      {
        actor: this.actor(effect.elementId),
        entityType: 'activity',
        entityId: activityId,
        action: 'create',
        after: { kind: effect.activityKind, subject: effect.subject, clientId, assigneeId },
      },
    ]);
    this.event(effect.key, 'activity.created', effect.elementId, {
      activityId,
      clientId,
      kind: effect.activityKind,
      subject: effect.subject,
      assigneeId,
    });
  }

  private async setClientStatus(effect: Extract<Effect, { type: 'setClientStatus' }>) {
    const client = await this.requireClient(effect.elementId, 'pessimistic_write');
    const clientId = client.id;
    // A retried batch finds its own change already written and leaves it alone.
    if (await this.manager.existsBy(ClientStatusChange, { idempotencyKey: effect.key })) return;
    if (client.status === effect.status) return;
    const allowed = await this.manager.existsBy(ClientStatusTransition, {
      fromStatus: client.status,
      toStatus: effect.status,
    });
    if (!allowed) {
      throw ApplicationFailure.nonRetryable(
        `step ${effect.elementId}: a client cannot move from "${client.status}" to "${effect.status}"`,
      );
    }
    await this.manager.insert(ClientStatusChange, {
      clientId,
      fromStatus: client.status,
      toStatus: effect.status,
      processInstanceId: this.instance.id,
      elementId: effect.elementId,
      idempotencyKey: effect.key,
    });
    await this.manager.update(Client, { id: clientId }, { status: effect.status });
    await recordAudit(this.manager, [
      {
        actor: this.actor(effect.elementId),
        entityType: 'client',
        entityId: clientId,
        action: 'update',
        before: { status: client.status },
        after: { status: effect.status },
      },
    ]);
    this.event(effect.key, 'client.status_changed', effect.elementId, {
      clientId,
      from: client.status,
      to: effect.status,
    });
  }

  private actor(elementId: string) {
    return { processInstanceId: this.instance.id, elementId };
  }

  private async openUserTask(effect: Extract<Effect, { type: 'openUserTask' }>) {
    const assigneeId = await this.resolveUserId(effect.assignee, effect.elementId);
    const dueAt = this.dueAt(effect.dueInMs);
    const inserted = await this.manager
      .createQueryBuilder()
      .insert()
      .into(UserTask)
      .values({
        instanceId: this.instance.id,
        clientId: this.instance.clientId,
        elementId: effect.elementId,
        name: effect.name,
        waitKey: effect.waitKey,
        assigneeId,
        candidateRole: effect.candidateRole,
        status: 'open',
        dueAt,
      })
      .orIgnore()
      .returning(['id'])
      .execute();
    const taskId = inserted.raw[0]?.id;
    if (!taskId) return;
    this.event(effect.key, 'task.created', effect.elementId, {
      taskId,
      name: effect.name,
      assigneeId,
      candidateRole: effect.candidateRole,
      dueAt: dueAt?.toISOString() ?? null,
    });
  }

  private async closeUserTask(
    key: string,
    waitKey: string,
    status: 'completed' | 'cancelled',
    completion: Extract<Effect, { type: 'completeUserTask' }> | null,
  ) {
    const completedById = completion
      ? await this.resolveUserId(completion.completedBy, waitKey)
      : null;
    const task = await this.manager.findOne(UserTask, {
      where: { waitKey, status: 'open' },
      lock: { mode: 'pessimistic_write' },
    });
    if (!task) return;
    await this.manager.update(UserTask, { id: task.id }, {
      status,
      completedAt: this.now,
      completedById,
      completionVariables: completion?.variables ?? null,
    } as QueryDeepPartialEntity<UserTask>);
    this.event(key, `task.${status}`, task.elementId, {
      taskId: task.id,
      assigneeId: task.assigneeId,
      candidateRole: task.candidateRole,
      completedById,
    });
  }
}
