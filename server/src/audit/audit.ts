import { EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { AuditAction, AuditEntry } from './audit-entry.entity';

/** A person, or a step of a process instance. */
export type AuditActor = { userId: string } | { processInstanceId: string; elementId: string };

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
 * commit together or not at all. Used by the API's services and by the worker's activities.
 */
export async function recordAudit(manager: EntityManager, records: AuditRecord[]): Promise<void> {
  if (records.length === 0) return;
  await manager.insert(
    AuditEntry,
    records.map((record) => ({
      actorUserId: 'userId' in record.actor ? record.actor.userId : null,
      actorProcessInstanceId:
        'processInstanceId' in record.actor ? record.actor.processInstanceId : null,
      actorElementId: 'elementId' in record.actor ? record.actor.elementId : null,
      entityType: record.entityType,
      entityId: record.entityId,
      action: record.action,
      before: snapshot(record.before),
      after: snapshot(record.after),
    })) as QueryDeepPartialEntity<AuditEntry>[],
  );
}

/** Plain JSON of an entity (dates as ISO strings, relations left out). */
function snapshot(value: object | null | undefined): Record<string, unknown> | null {
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
