/**
 * The changes of an activity's state, each one function that validates the data (the activity
 * rules of activity-rules.ts on every path), writes the row, the audit entry and the outbox event
 * inside the caller's transaction. The API (after its access checks), the hooks and process steps
 * all call them.
 */
import { randomUUID } from 'node:crypto';
import { DeepPartial, EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { deferredInsertTime, insertRows } from '#server/database/deferred-inserts';
import { AuditActor, changedFields, recordAudit, saveAuditedBy } from '#server/audit/audit';
import { DomainException } from '#server/common/errors/domain-exception';
import { userError } from '#server/users/users.errors';
import { activityError } from './activities.errors';
import { findOr404 } from '#server/common/persistence';
import { events } from '#server/events/catalogue';
import { appendEvents } from '#server/live/outbox';
import { InstanceEvent } from '#server/processes/instances/instance-event.entity';
import { User } from '#server/users/user.entity';
import { Client } from '../clients/client.entity';
import type { PriorReads } from '../prior-reads';
import { Activity } from './activity.entity';
import { activityProblems } from './activity-rules';
import { findLiveActivity } from './live-activities';

/** The details of an activity beside its kind, client, subject and assignee. */
type ActivityDetail =
  | 'dueAt'
  | 'endsAt'
  | 'reminderAt'
  | 'direction'
  | 'durationSeconds'
  | 'result'
  | 'recordingUrl'
  | 'place'
  | 'participants'
  | 'priority'
  | 'body';

/** The fields a new activity may be given; the rest are null or empty. */
type ActivityFields = Pick<Activity, ActivityDetail | 'externalId' | 'completedAt'>;

export type NewActivity = Pick<Activity, 'clientId' | 'kind' | 'subject' | 'assigneeId'> &
  Partial<ActivityFields> & {
    /** Open unless given; a note is created done. */
    status?: 'open' | 'done';
    /** A process step's effect key: a retried step creates nothing twice. */
    idempotencyKey?: string;
  };

/**
 * Creates an activity on a client that was not deleted (share-locked until the commit), with an
 * audit entry and an `activity.created` event, and `activity.completed` when it is created done.
 * An assignee must be a user. 400 `ACTIVITY_INVALID` when the fields break the rules of its kind.
 * With an idempotency key already used, returns that activity and writes nothing. `prior` spares
 * reading again what the caller read.
 */
export async function createActivity(
  manager: EntityManager,
  actor: AuditActor,
  fields: NewActivity,
  prior: PriorReads = {},
): Promise<{ activity: Activity; created: boolean }> {
  const { idempotencyKey } = fields;
  if (idempotencyKey !== undefined && !prior.keyIsNew) {
    const existing = await manager.findOneBy(Activity, { idempotencyKey });
    if (existing) return { activity: existing, created: false };
  }
  const client =
    prior.lockedClient?.id === fields.clientId
      ? prior.lockedClient
      : await findOr404(manager, Client, 'Client', fields.clientId, 'pessimistic_read');
  if (fields.kind === 'note' && fields.status === 'open') {
    throw invalidActivity(['a note is created done; it cannot be open']);
  }
  // The owner of a client locked in this transaction exists (a foreign key): no need to look.
  if (fields.assigneeId && fields.assigneeId !== client.ownerId) {
    await assertUserExists(manager, fields.assigneeId);
  }
  const done = fields.kind === 'note' || fields.status === 'done';
  const row = {
    clientId: fields.clientId,
    kind: fields.kind,
    subject: fields.subject,
    dueAt: fields.dueAt ?? null,
    endsAt: fields.endsAt ?? null,
    reminderAt: fields.reminderAt ?? null,
    direction: fields.direction ?? null,
    durationSeconds: fields.durationSeconds ?? null,
    result: fields.result ?? null,
    recordingUrl: fields.recordingUrl ?? null,
    place: fields.place ?? null,
    participants: fields.participants ?? [],
    priority: fields.priority ?? null,
    body: fields.body ?? null,
    externalId: fields.externalId ?? null,
    assigneeId: fields.assigneeId,
    status: done ? ('done' as const) : ('open' as const),
    completedAt: done ? (fields.completedAt ?? new Date()) : null,
    createdById: 'userId' in actor ? actor.userId : null,
    processInstanceId: 'processInstanceId' in actor ? actor.processInstanceId : null,
    elementId: 'elementId' in actor ? actor.elementId : null,
    idempotencyKey: idempotencyKey ?? null,
  };
  const problems = activityProblems(row, 'all');
  if (problems.length) throw invalidActivity(problems);
  const activity = await insertActivity(manager, row);
  await recordAudit(manager, [
    { actor, entityType: 'activity', entityId: activity.id, action: 'create', after: activity },
  ]);
  const { id: activityId, clientId, kind } = activity;
  await appendEvents(manager, [
    {
      ...events.activityCreated({
        activityId,
        clientId,
        kind,
        subject: activity.subject,
        assigneeId: activity.assigneeId,
        status: row.status,
      }),
      actor,
      clientId,
      idempotencyKey,
    },
    ...(done
      ? [
          {
            ...events.activityCompleted({ activityId, clientId, kind }),
            actor,
            clientId,
            idempotencyKey: idempotencyKey && `${idempotencyKey}:completed`,
          },
        ]
      : []),
  ]);
  return { activity, created: true };
}

/**
 * Inserts the row, filling in its id and times as a save would (without a save's change
 * tracking). A transaction that defers its inserts gets them as Postgres would give them.
 */
async function insertActivity(
  manager: EntityManager,
  row: QueryDeepPartialEntity<Activity>,
): Promise<Activity> {
  const now = deferredInsertTime(manager);
  if (!now) {
    const activity = manager.create(Activity, row as DeepPartial<Activity>);
    await manager.insert(Activity, activity);
    return activity;
  }
  const id = randomUUID();
  // The times stay out of the row: its columns' default, `now()`, is the transaction's time.
  await insertRows(manager, Activity, [{ ...row, id }]);
  return manager.create(Activity, {
    ...row,
    id,
    createdAt: now,
    updatedAt: now,
  } as DeepPartial<Activity>);
}

/** The fields an update may set, which then must suit the activity's kind. */
export type ActivityChanges = Partial<Pick<Activity, 'subject' | 'assigneeId' | ActivityDetail>>;

/**
 * Changes an activity (locked until the commit) with an audit entry of the fields that differ and
 * an `activity.updated` event naming them; nothing when nothing differs. Required fields are
 * checked only among those `changes` sets, so rows a process step wrote with fewer fields stay
 * editable. 404 when the activity or its client is gone, 400 for an unknown assignee or fields
 * its kind does not have.
 */
export async function updateActivity(
  manager: EntityManager,
  actor: AuditActor,
  update: { activityId: string; changes: ActivityChanges },
): Promise<Activity> {
  const { activity } = await findLiveActivity(manager, update.activityId, 'pessimistic_write');
  const { changes } = update;
  if (changes.assigneeId && changes.assigneeId !== activity.assigneeId) {
    await assertUserExists(manager, changes.assigneeId);
  }
  const after: Activity = { ...activity, ...changes };
  const problems = activityProblems(after, new Set(Object.keys(changes)));
  if (problems.length) throw invalidActivity(problems);
  const fields = Object.keys(changedFields(activity, after).after);
  if (fields.length === 0) return activity;
  const saved = await saveAuditedBy(manager, actor, Activity, 'activity', activity, after);
  const { id: activityId, clientId, kind } = activity;
  await appendEvents(manager, [
    { ...events.activityUpdated({ activityId, clientId, kind, fields }), actor, clientId },
  ]);
  return saved;
}

/** What completing an activity may record besides its status: a call's outcome, who held it. */
export interface ActivityCompletion {
  activityId: string;
  /** When it was held; now unless given. */
  completedAt?: Date;
  result?: string | null;
  durationSeconds?: number | null;
  recordingUrl?: string | null;
  assigneeId?: string | null;
  /** A process step's effect key: a retried step completes nothing twice. */
  idempotencyKey?: string;
}

/**
 * open → done, audited, with an `activity.completed` event; the row stays locked until the
 * commit. 404 when the activity or its client is gone, 409 `ACTIVITY_NOT_OPEN` when it is already
 * done or cancelled, 400 when a call's fields are given for another kind.
 */
export async function completeActivity(
  manager: EntityManager,
  actor: AuditActor,
  completion: ActivityCompletion,
): Promise<Activity> {
  return closeActivity(manager, actor, completion, (activity) => {
    const callFields = [completion.result, completion.durationSeconds, completion.recordingUrl];
    if (activity.kind !== 'call' && callFields.some((value) => value !== undefined)) {
      throw invalidActivity([`result and durationSeconds are for calls, not a ${activity.kind}`]);
    }
    return {
      status: 'done',
      completedAt: completion.completedAt ?? new Date(),
      result: completion.result ?? activity.result,
      durationSeconds: completion.durationSeconds ?? activity.durationSeconds,
      recordingUrl: completion.recordingUrl ?? activity.recordingUrl,
      assigneeId: completion.assigneeId ?? activity.assigneeId,
    };
  });
}

/** open → cancelled, audited, with an `activity.cancelled` event; errors as `completeActivity`. */
export async function cancelActivity(
  manager: EntityManager,
  actor: AuditActor,
  cancellation: { activityId: string; idempotencyKey?: string },
): Promise<Activity> {
  return closeActivity(manager, actor, cancellation, () => ({ status: 'cancelled' }));
}

/** 400 `ACTIVITY_INVALID` listing what is wrong. */
export function invalidActivity(problems: string[]): DomainException {
  return activityError('ACTIVITY_INVALID', problems.join('; '), problems);
}

async function assertUserExists(manager: EntityManager, userId: string): Promise<void> {
  if (!(await manager.existsBy(User, { id: userId }))) {
    throw userError('UNKNOWN_USER', `No user ${userId}`);
  }
}

async function closeActivity(
  manager: EntityManager,
  actor: AuditActor,
  request: { activityId: string; idempotencyKey?: string },
  close: (activity: Activity) => Partial<Activity>,
): Promise<Activity> {
  const { activityId: id, idempotencyKey } = request;
  const { activity } = await findLiveActivity(manager, id, 'pessimistic_write');
  if (idempotencyKey !== undefined && (await manager.existsBy(InstanceEvent, { idempotencyKey }))) {
    return activity;
  }
  if (activity.status !== 'open') {
    throw activityError('ACTIVITY_NOT_OPEN', `Activity ${id} is already ${activity.status}`);
  }
  const after: Activity = { ...activity, ...close(activity) };
  const saved = await saveAuditedBy(manager, actor, Activity, 'activity', activity, after);
  const payload = { activityId: id, clientId: activity.clientId, kind: activity.kind };
  await appendEvents(manager, [
    {
      ...(saved.status === 'done'
        ? events.activityCompleted(payload)
        : events.activityCancelled(payload)),
      actor,
      clientId: activity.clientId,
      idempotencyKey,
    },
  ]);
  return saved;
}
