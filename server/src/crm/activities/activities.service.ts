import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import { recordUserAudit, saveAudited } from '../../audit/audit';
import { AuthUser } from '../../auth/auth-user';
import { AccessPolicy } from '../../common/access/access-policy.service';
import { notFound } from '../../common/errors/common.errors';
import { DomainException } from '../../common/errors/domain-exception';
import { userError } from '../../users/users.errors';
import { activityError } from './activities.errors';
import { DomainEventBus } from '../../common/domain-events';
import { Page, paginate } from '../../common/pagination';
import { User } from '../../users/user.entity';
import { Client } from '../clients/client.entity';
import { ClientsService } from '../clients/clients.service';
import {
  ActivitySort,
  CALENDAR_MAX_DAYS,
  CalendarQuery,
  CompleteActivityDto,
  CreateActivityDto,
  ListActivitiesQuery,
  UpdateActivityDto,
} from './activity.dto';
import { Activity } from './activity.entity';
import { activityProblems, isOverdue } from './activity-rules';

export type ActivityView = Activity & { overdue: boolean };

/**
 * Activities whose client was not deleted: an activity of a deleted client is not found, not
 * changed and left out of every list and the calendar. TypeORM adds `client.deleted_at IS NULL`
 * to a join of an entity with a delete-date column; the join goes by the clients' primary key.
 */
function liveActivities(manager: EntityManager): SelectQueryBuilder<Activity> {
  return manager
    .createQueryBuilder(Activity, 'activity')
    .innerJoin(Client, 'client', 'client.id = activity.client_id');
}

/**
 * Whose records an activity counts among, in a `liveActivities` query: its assignee, or, when
 * it has none, its client's owner (a process step leaves the assignee empty only when the
 * client has no owner either).
 */
const ACTIVITY_OWNER_SQL = 'COALESCE(activity.assignee_id, client.owner_id)';

/**
 * The activity and whose records it counts among, or 404 when there is none or its client was
 * deleted; `lock` holds the activity row.
 */
async function findLiveActivity(
  manager: EntityManager,
  id: string,
  lock?: 'pessimistic_write',
): Promise<{ activity: Activity; ownerId: string | null }> {
  const query = liveActivities(manager)
    .addSelect(ACTIVITY_OWNER_SQL, 'record_owner_id')
    .where('activity.id = :id', { id });
  if (lock) query.setLock(lock, undefined, ['activity']);
  const { entities, raw } = await query.getRawAndEntities<{ record_owner_id: string | null }>();
  if (!entities.length) throw notFound('Activity', id);
  return { activity: entities[0], ownerId: raw[0].record_owner_id };
}

const OVERDUE_SQL = `(activity.status = 'open' AND activity.due_at < now())`;

const SORTS: Record<ActivitySort, { column: string; key: (activity: Activity) => unknown }> = {
  createdAt: {
    column: 'activity.created_at',
    key: (activity) => activity.createdAt,
  },
  // Activities without a time come last in ascending order instead of dropping out of the keyset.
  dueAt: {
    column: "COALESCE(activity.due_at, CAST('infinity' AS timestamptz))",
    key: (activity) => activity.dueAt ?? 'infinity',
  },
};

/** The fields an update may set. */
const UPDATABLE = [
  'subject',
  'dueAt',
  'endsAt',
  'reminderAt',
  'direction',
  'durationSeconds',
  'result',
  'place',
  'participants',
  'priority',
  'body',
  'assigneeId',
] as const;

const TIME_FIELDS = new Set<string>(['dueAt', 'endsAt', 'reminderAt']);

/**
 * Calls, meetings, tasks and notes on client cards. Each kind carries its own fields
 * (`activityProblems`); `overdue` is computed on every read, never stored. Completing an
 * activity publishes `activity.done` after the commit. An activity of a deleted client is not
 * found (`liveActivities`).
 */
@Injectable()
export class ActivitiesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessPolicy,
    private readonly events: DomainEventBus,
    private readonly clients: ClientsService,
  ) {}

  async create(dto: CreateActivityDto, caller: AuthUser): Promise<ActivityView> {
    const done = dto.kind === 'note' || dto.status === 'done';
    const activity = await this.dataSource.transaction(async (manager) => {
      await this.clients.lockForNewRecord(manager, dto.clientId, caller, 'read');
      const assigneeId = dto.assigneeId ?? caller.id;
      await this.assertMayAssign(manager, caller, assigneeId);
      if (dto.kind === 'note' && dto.status === 'open') {
        throw invalid(['a note is created done; it cannot be open']);
      }
      const fields = {
        kind: dto.kind,
        clientId: dto.clientId,
        subject: dto.subject,
        dueAt: toDate(dto.dueAt),
        endsAt: toDate(dto.endsAt),
        reminderAt: toDate(dto.reminderAt),
        direction: dto.direction ?? null,
        durationSeconds: dto.durationSeconds ?? null,
        result: dto.result ?? null,
        recordingUrl: null,
        place: dto.place ?? null,
        participants: dto.participants ?? [],
        priority: dto.priority ?? null,
        body: dto.body ?? null,
        assigneeId,
        createdById: caller.id,
        status: done ? ('done' as const) : ('open' as const),
        completedAt: done ? new Date() : null,
      };
      const problems = activityProblems(fields, 'all');
      if (problems.length) throw invalid(problems);
      const activity = await manager.save(manager.create(Activity, fields));
      await recordUserAudit(manager, caller, [
        { entityType: 'activity', entityId: activity.id, action: 'create', after: activity },
      ]);
      return activity;
    });
    if (done) this.publishDone(activity, caller);
    return view(activity);
  }

  async get(id: string, caller: AuthUser): Promise<ActivityView> {
    const { activity, ownerId } = await findLiveActivity(this.dataSource.manager, id);
    await this.access.assertReadable(caller, ownerId, 'Activity', id);
    return view(activity);
  }

  async list(query: ListActivitiesQuery, caller: AuthUser): Promise<Page<ActivityView>> {
    const builder = liveActivities(this.dataSource.manager);
    await this.access.scope(builder, caller, ACTIVITY_OWNER_SQL);
    const assignee = query.assignee === 'me' ? caller.id : query.assignee;
    if (query.kind) builder.andWhere('activity.kind = :kind', { kind: query.kind });
    if (query.status) builder.andWhere('activity.status = :status', { status: query.status });
    if (assignee) builder.andWhere('activity.assignee_id = :assignee', { assignee });
    if (query.clientId)
      builder.andWhere('activity.client_id = :clientId', { clientId: query.clientId });
    if (query.dueFrom)
      builder.andWhere('activity.due_at >= :dueFrom', { dueFrom: new Date(query.dueFrom) });
    if (query.dueTo) builder.andWhere('activity.due_at < :dueTo', { dueTo: new Date(query.dueTo) });
    if (query.overdue === true) builder.andWhere(OVERDUE_SQL);
    if (query.overdue === false) builder.andWhere(`${OVERDUE_SQL} IS NOT TRUE`);
    const sort = SORTS[query.sort ?? 'createdAt'];
    const page = await paginate(builder, query, {
      sortColumn: sort.column,
      idColumn: 'activity.id',
      sortKey: sort.key,
    });
    return { items: page.items.map(view), nextCursor: page.nextCursor };
  }

  async update(id: string, dto: UpdateActivityDto, caller: AuthUser): Promise<ActivityView> {
    const activity = await this.dataSource.transaction(async (manager) => {
      const activity = await this.lockWritable(manager, id, caller);
      if (dto.assigneeId !== undefined && dto.assigneeId !== activity.assigneeId) {
        await this.assertMayAssign(manager, caller, dto.assigneeId);
      }
      const after: Activity = { ...activity };
      const set = new Set<string>();
      for (const field of UPDATABLE) {
        const value = dto[field];
        if (value === undefined) continue;
        set.add(field);
        Object.assign(after, { [field]: TIME_FIELDS.has(field) ? toDate(value as string) : value });
      }
      const problems = activityProblems(after, set);
      if (problems.length) throw invalid(problems);
      return saveAudited(manager, Activity, 'activity', activity, after, caller);
    });
    return view(activity);
  }

  /** planned → done; a call may record its result and duration on the way. */
  async complete(id: string, dto: CompleteActivityDto, caller: AuthUser): Promise<ActivityView> {
    const activity = await this.finish(id, caller, (activity) => {
      const callFields = [dto.result, dto.durationSeconds].some((value) => value !== undefined);
      if (callFields && activity.kind !== 'call') {
        throw invalid([`result and durationSeconds are for calls, not a ${activity.kind}`]);
      }
      return {
        status: 'done',
        completedAt: new Date(),
        result: dto.result ?? activity.result,
        durationSeconds: dto.durationSeconds ?? activity.durationSeconds,
      };
    });
    this.publishDone(activity, caller);
    return view(activity);
  }

  async cancel(id: string, caller: AuthUser): Promise<ActivityView> {
    return view(await this.finish(id, caller, () => ({ status: 'cancelled' })));
  }

  /**
   * A user's open calls, meetings and tasks whose time (`dueAt`) is in [from, to), in time order,
   * with clients that were not deleted. Another user's calendar is visible to whoever may read
   * that user's records; to others it does not exist.
   */
  async calendar(query: CalendarQuery, caller: AuthUser) {
    const from = new Date(query.from);
    const to = new Date(query.to);
    if (to <= from) throw badWindow('to must be after from');
    if (to.getTime() - from.getTime() > CALENDAR_MAX_DAYS * 24 * 3600 * 1000) {
      throw badWindow(`The window may span at most ${CALENDAR_MAX_DAYS} days`);
    }
    const userId = query.user && query.user !== 'me' ? query.user : caller.id;
    if (userId !== caller.id) {
      if (!(await this.dataSource.manager.existsBy(User, { id: userId })))
        throw notFound('User', userId);
      await this.access.assertReadable(caller, userId, 'User', userId);
    }
    const items = await liveActivities(this.dataSource.manager)
      .where('activity.assignee_id = :userId', { userId })
      .andWhere("activity.status = 'open'")
      .andWhere('activity.kind IN (:...kinds)', { kinds: ['call', 'meeting', 'task'] })
      .andWhere('activity.due_at >= :from AND activity.due_at < :to', { from, to })
      .orderBy('activity.due_at', 'ASC')
      .addOrderBy('activity.id', 'ASC')
      .getMany();
    return { userId, from, to, items: items.map(view) };
  }

  /** Closes an open activity (done or cancelled) with the fields `close` gives, audited. */
  private async finish(
    id: string,
    caller: AuthUser,
    close: (activity: Activity) => Partial<Activity>,
  ): Promise<Activity> {
    return this.dataSource.transaction(async (manager) => {
      const activity = await this.lockWritable(manager, id, caller);
      if (activity.status !== 'open') {
        throw activityError('ACTIVITY_NOT_OPEN', `Activity ${id} is already ${activity.status}`);
      }
      const after: Activity = { ...activity, ...close(activity) };
      return saveAudited(manager, Activity, 'activity', activity, after, caller);
    });
  }

  private publishDone(activity: Activity, caller: AuthUser): void {
    this.events.publish({
      type: 'activity.done',
      activityId: activity.id,
      clientId: activity.clientId,
      actorUserId: caller.id,
    });
  }

  private async lockWritable(
    manager: EntityManager,
    id: string,
    caller: AuthUser,
  ): Promise<Activity> {
    const { activity, ownerId } = await findLiveActivity(manager, id, 'pessimistic_write');
    await this.access.assertWritable(caller, ownerId, 'Activity', id, manager);
    return activity;
  }

  /** The caller may give work to this user, and the user exists and is active. */
  private async assertMayAssign(
    manager: EntityManager,
    caller: AuthUser,
    assigneeId: string,
  ): Promise<void> {
    await this.access.assertMayAssign(caller, assigneeId, manager);
    if (!(await manager.existsBy(User, { id: assigneeId, active: true }))) {
      throw userError('UNKNOWN_USER', `No active user ${assigneeId}`);
    }
  }
}

function view(activity: Activity): ActivityView {
  return { ...activity, overdue: isOverdue(activity, new Date()) };
}

function toDate(value: string | null | undefined): Date | null {
  return value == null ? null : new Date(value);
}

function invalid(problems: string[]): DomainException {
  return activityError('ACTIVITY_INVALID', problems.join('; '), problems);
}

function badWindow(message: string): DomainException {
  return activityError('CALENDAR_WINDOW_INVALID', message);
}
