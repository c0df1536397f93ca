import { DeepPartial, EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { insertRows } from '#server/database/deferred-inserts';
import { AuditAction, AuditEntry } from './audit-entry.entity';

/** A person, a step of a process instance, or an inbound integration. */
export type AuditActor =
  { userId: string } | { processInstanceId: string; elementId: string } | { integration: string };

export interface AuditRecord {
  actor: AuditActor;
  entityType: string;
  entityId: string;
  action: AuditAction;
  before?: object | null;
  after?: object | null;
}

/**
 * Writes audit entries inside the caller's transaction, so a change and its audit entry
 * commit together or not at all. Used by the API's services and by the worker's effect handlers.
 */
export async function recordAudit(manager: EntityManager, records: AuditRecord[]): Promise<void> {
  if (records.length === 0) return;
  const rows = records.map(
    (record) =>
      ({
        ...actorColumns(record.actor),
        entityType: record.entityType,
        entityId: record.entityId,
        action: record.action,
        before: snapshot(record.before),
        after: snapshot(record.after),
      }) as QueryDeepPartialEntity<AuditEntry>,
  );
  await insertRows(manager, AuditEntry, rows);
}

/**
 * `recordAudit` as SQL, for a write that puts its own rows and their audit entries in one
 * statement (its own INSERT as a CTE before this one): the INSERT of the entries passed, as
 * `auditEntriesJson` gives them, in the parameter `param` (`$3`, say).
 */
export function insertAuditEntriesSql(param: string): string {
  return `INSERT INTO audit_log (actor_user_id, actor_process_instance_id, actor_element_id,
            actor_integration, entity_type, entity_id, action, before, after)
          SELECT actor_user_id, actor_process_instance_id, actor_element_id, actor_integration,
                 entity_type, entity_id, action, before, after
            FROM jsonb_to_recordset(${param}::jsonb) AS entry (actor_user_id uuid,
                 actor_process_instance_id uuid, actor_element_id text, actor_integration text,
                 entity_type text, entity_id text, action text, before jsonb, after jsonb)`;
}

/** The parameter of `insertAuditEntriesSql`: the entries' columns (a JSON null is SQL NULL). */
export function auditEntriesJson(records: AuditRecord[]): string {
  return JSON.stringify(
    records.map((record) => {
      const actor = actorColumns(record.actor);
      return {
        actor_user_id: actor.actorUserId,
        actor_process_instance_id: actor.actorProcessInstanceId,
        actor_element_id: actor.actorElementId,
        actor_integration: actor.actorIntegration,
        entity_type: record.entityType,
        entity_id: record.entityId,
        action: record.action,
        before: snapshot(record.before),
        after: snapshot(record.after),
      };
    }),
  );
}

/** Who did it, as the audit log's four actor columns (one of them set). */
function actorColumns(actor: AuditActor) {
  return {
    actorUserId: 'userId' in actor ? actor.userId : null,
    actorProcessInstanceId: 'processInstanceId' in actor ? actor.processInstanceId : null,
    actorElementId: 'elementId' in actor ? actor.elementId : null,
    actorIntegration: 'integration' in actor ? actor.integration : null,
  };
}

/** Audit entries for changes a person made: the caller of a request, as a rule. */
export function recordUserAudit(
  manager: EntityManager,
  user: { id: string },
  records: Omit<AuditRecord, 'actor'>[],
): Promise<void> {
  return recordAudit(
    manager,
    records.map((record) => ({ actor: { userId: user.id }, ...record })),
  );
}

/**
 * Saves `after` over `before` (a row read in this transaction) with an audit entry of the fields
 * that differ; writes nothing when nothing differs and then returns `before`.
 */
export async function saveAudited<T extends ObjectLiteral & { id: string }>(
  manager: EntityManager,
  entity: EntityTarget<T>,
  entityType: string,
  before: T,
  after: T,
  user: { id: string },
): Promise<T> {
  return saveAuditedBy(manager, { userId: user.id }, entity, entityType, before, after);
}

/** `saveAudited` for any actor: a person, a process step or an integration. */
export async function saveAuditedBy<T extends ObjectLiteral & { id: string }>(
  manager: EntityManager,
  actor: AuditActor,
  entity: EntityTarget<T>,
  entityType: string,
  before: T,
  after: T,
): Promise<T> {
  const changes = changedFields(before, after);
  if (Object.keys(changes.after).length === 0) return before;
  const saved = await manager.save(entity, after as DeepPartial<T>);
  await recordAudit(manager, [
    { actor, entityType, entityId: before.id, action: 'update', ...changes },
  ]);
  return saved as T;
}

/** Plain JSON of an entity (dates as ISO strings, relations left out), as the log stores it. */
export function snapshot(value: object | null | undefined): Record<string, unknown> | null {
  if (!value) return null;
  return JSON.parse(JSON.stringify(value));
}

/** The fields whose values differ: what an update's audit entry shows. */
export function changedFields<T extends object>(
  before: T,
  after: T,
): { before: Partial<T>; after: Partial<T> } {
  const changedBefore: Partial<T> = {};
  const changedAfter: Partial<T> = {};
  for (const key of Object.keys(after) as (keyof T)[]) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) {
      changedBefore[key] = before[key];
      changedAfter[key] = after[key];
    }
  }
  return { before: changedBefore, after: changedAfter };
}
