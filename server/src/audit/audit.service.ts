import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { AuthUser } from '../auth/auth-user';
import { AccessPolicy } from '../common/access/access-policy.service';
import { Page, paginate } from '../common/pagination';
import { User } from '../users/user.entity';
import { AuditAction, AuditEntry } from './audit-entry.entity';
import { ListAuditQuery } from './audit.dto';

export type AuditActorView =
  | { type: 'user'; id: string; name: string }
  | {
      type: 'process';
      instanceId: string;
      definitionKey: string | null;
      elementId: string | null;
      elementName: string | null;
    };

export interface AuditEntryView {
  id: string;
  at: Date;
  actor: AuditActorView | null;
  entityType: string;
  entityId: string;
  action: AuditAction;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

@Injectable()
export class AuditService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessPolicy,
  ) {}

  /** The audit log, newest first, as far as the access policy lets the caller see it. */
  async list(query: ListAuditQuery, caller: AuthUser): Promise<Page<AuditEntryView>> {
    const builder = this.dataSource.manager.createQueryBuilder(AuditEntry, 'entry');
    if (query.entityType) {
      builder.andWhere('entry.entity_type = :entityType', { entityType: query.entityType });
    }
    if (query.entityId)
      builder.andWhere('entry.entity_id = :entityId', { entityId: query.entityId });
    if (query.actorUserId) {
      builder.andWhere('entry.actor_user_id = :actorUserId', { actorUserId: query.actorUserId });
    }
    if (query.from) builder.andWhere('entry.at >= :from', { from: query.from });
    if (query.to) builder.andWhere('entry.at < :to', { to: query.to });
    await this.access.scopeAuditEntries(builder, caller, 'entry');
    // ids grow with time, so the primary key alone gives newest first.
    const page = await paginate(
      builder,
      { ...query, order: 'desc' },
      {
        sortColumn: 'entry.id',
        idColumn: 'entry.id',
        sortKey: (entry) => entry.id,
      },
    );
    const actors = await this.actors(page.items);
    return {
      items: page.items.map((entry) => ({
        id: entry.id,
        at: entry.at,
        actor: actors(entry),
        entityType: entry.entityType,
        entityId: entry.entityId,
        action: entry.action,
        before: entry.before,
        after: entry.after,
      })),
      nextCursor: page.nextCursor,
    };
  }

  /** Names of the people and process steps behind a page of entries, in two queries. */
  private async actors(entries: AuditEntry[]) {
    const userIds = [
      ...new Set(entries.flatMap((entry) => (entry.actorUserId ? [entry.actorUserId] : []))),
    ];
    const steps = entries.filter((entry) => entry.actorProcessInstanceId);
    const [users, stepRows] = await Promise.all([
      userIds.length
        ? this.dataSource.manager.find(User, {
            where: { id: In(userIds) },
            select: { id: true, name: true },
          })
        : [],
      steps.length
        ? (this.dataSource.query(
            `SELECT step.instance_id, step.element_id, definition.key AS definition_key,
                    definition.model -> 'nodes' -> step.element_id ->> 'name' AS element_name
               FROM unnest($1::uuid[], $2::text[]) AS step(instance_id, element_id)
               JOIN process_instances instance ON instance.id = step.instance_id
               JOIN process_definitions definition ON definition.id = instance.definition_id`,
            [
              steps.map((entry) => entry.actorProcessInstanceId),
              steps.map((entry) => entry.actorElementId),
            ],
          ) as Promise<
            {
              instance_id: string;
              element_id: string | null;
              definition_key: string;
              element_name: string | null;
            }[]
          >)
        : [],
    ]);
    const names = new Map(users.map((user) => [user.id, user.name]));
    const stepKey = (instanceId: string, elementId: string | null) => `${instanceId}/${elementId}`;
    const stepsByKey = new Map(
      stepRows.map((row) => [stepKey(row.instance_id, row.element_id), row]),
    );
    return (entry: AuditEntry): AuditActorView | null => {
      if (entry.actorProcessInstanceId) {
        const step = stepsByKey.get(stepKey(entry.actorProcessInstanceId, entry.actorElementId));
        return {
          type: 'process',
          instanceId: entry.actorProcessInstanceId,
          definitionKey: step?.definition_key ?? null,
          elementId: entry.actorElementId,
          elementName: step?.element_name ?? null,
        };
      }
      if (entry.actorUserId) {
        return { type: 'user', id: entry.actorUserId, name: names.get(entry.actorUserId) ?? '' };
      }
      return null;
    };
  }
}
