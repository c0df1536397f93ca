import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuthUser } from '#server/auth/auth-user';
import { AccessPolicy } from '#server/common/access/access-policy.service';
import { notFound } from '#server/common/errors/common.errors';
import { DomainException } from '#server/common/errors/domain-exception';
import { userError } from '#server/users/users.errors';
import { activityError } from './activities.errors';
import { Page, paginate } from '#server/common/pagination';
import { User } from '#server/users/user.entity';
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
import {
  ActivityChanges,
  cancelActivity,
  completeActivity,
  createActivity,
  updateActivity,
} from './activity-operations';
import { isOverdue } from './activity-rules';
import { ACTIVITY_OWNER_SQL, findLiveActivity, liveActivities } from './live-activities';

export type ActivityView = Activity & { overdue: boolean };
export type CalendarEntry = ActivityView & { clientName: string };

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
 * (`activityProblems`); `overdue` is computed on every read, never stored. Creating, completing
 * and cancelling go through activity-operations.ts once the caller's access is checked. An
 * activity of a deleted client is not found (`liveActivities`).
 */
@Injectable()
export class ActivitiesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessPolicy,
    private readonly clients: ClientsService,
  ) {}

  async create(dto: CreateActivityDto, caller: AuthUser): Promise<ActivityView> {
    const { activity } = await this.dataSource.transaction(async (manager) => {
      await this.clients.lockForNewRecord(manager, dto.clientId, caller, 'read');
      const assigneeId = dto.assigneeId ?? caller.id;
      await this.assertMayAssign(manager, caller, assigneeId);
      return createActivity(
        manager,
        { userId: caller.id },
        {
          ...dto,
          dueAt: toDate(dto.dueAt),
          endsAt: toDate(dto.endsAt),
          reminderAt: toDate(dto.reminderAt),
          assigneeId,
        },
      );
    });
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
      const changes: ActivityChanges = {};
      for (const field of UPDATABLE) {
        const value = dto[field];
        if (value === undefined) continue;
        Object.assign(changes, {
          [field]: TIME_FIELDS.has(field) ? toDate(value as string) : value,
        });
      }
      return updateActivity(manager, { userId: caller.id }, { activityId: id, changes });
    });
    return view(activity);
  }

  /** planned → done; a call may record its result and duration on the way. */
  async complete(id: string, dto: CompleteActivityDto, caller: AuthUser): Promise<ActivityView> {
    const activity = await this.dataSource.transaction(async (manager) => {
      await this.lockWritable(manager, id, caller);
      return completeActivity(
        manager,
        { userId: caller.id },
        {
          activityId: id,
          result: dto.result,
          durationSeconds: dto.durationSeconds,
        },
      );
    });
    return view(activity);
  }

  async cancel(id: string, caller: AuthUser): Promise<ActivityView> {
    const activity = await this.dataSource.transaction(async (manager) => {
      await this.lockWritable(manager, id, caller);
      return cancelActivity(manager, { userId: caller.id }, { activityId: id });
    });
    return view(activity);
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
    // The client's name comes with the join that already leaves out deleted clients.
    const { entities, raw } = await liveActivities(this.dataSource.manager)
      .addSelect('client.name', 'client_name')
      .where('activity.assignee_id = :userId', { userId })
      .andWhere("activity.status = 'open'")
      .andWhere('activity.kind IN (:...kinds)', { kinds: ['call', 'meeting', 'task'] })
      .andWhere('activity.due_at >= :from AND activity.due_at < :to', { from, to })
      .orderBy('activity.due_at', 'ASC')
      .addOrderBy('activity.id', 'ASC')
      .getRawAndEntities<{ activity_id: string; client_name: string }>();
    const clientNames = new Map(raw.map((row) => [row.activity_id, row.client_name]));
    const items: CalendarEntry[] = entities.map((activity) => ({
      ...view(activity),
      clientName: clientNames.get(activity.id) ?? '',
    }));
    return { userId, from, to, items };
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

function badWindow(message: string): DomainException {
  return activityError('CALENDAR_WINDOW_INVALID', message);
}
