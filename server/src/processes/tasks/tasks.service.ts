import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Client as TemporalClient } from '@temporalio/client';
import { DataSource, EntityManager } from 'typeorm';
import { completeUserTaskUpdate } from '../../../../workflows/temporal/contract';
import { AuthUser } from '../../auth/auth-user';
import { recordUserAudit } from '../../audit/audit';
import { AccessPolicy } from '../../common/access/access-policy.service';
import { ApiError, notFound } from '../../common/api-error';
import { Page, paginate } from '../../common/pagination';
import { Client } from '../../crm/clients/client.entity';
import { events } from '../../events/catalogue';
import { appendEvents } from '../../live/outbox';
import { TEMPORAL_CLIENT } from '../../temporal/temporal.module';
import { User } from '../../users/user.entity';
import { ProcessInstance } from '../instances/process-instance.entity';
import { runInstanceUpdate } from '../workflow-errors';
import { CompleteTaskDto, ListTasksQuery } from './task.dto';
import { UserTask } from './user-task.entity';

export type TaskView = UserTask & { overdue: boolean };

/**
 * User tasks of process instances. A task belongs to its assignee; an unassigned (group) task
 * belongs to its client's owner, so the access policy decides both the same way.
 */
@Injectable()
export class TasksService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: TemporalClient,
    private readonly access: AccessPolicy,
  ) {}

  async list(query: ListTasksQuery, caller: AuthUser): Promise<Page<TaskView>> {
    const assignee = query.assignee === 'me' ? caller.id : query.assignee;
    const builder = this.dataSource.manager
      .createQueryBuilder(UserTask, 'task')
      .leftJoin(Client, 'client', 'client.id = task.client_id')
      .where('task.status = :status', { status: query.status ?? 'open' });
    const owners = await this.access.readableOwners(caller);
    if (owners !== 'all') {
      builder.andWhere(
        `(task.assignee_id = ANY(:owners) OR (task.assignee_id IS NULL AND (task.client_id IS NULL OR client.owner_id = ANY(:owners))))`,
        { owners },
      );
    }
    if (query.unassigned) builder.andWhere('task.assignee_id IS NULL');
    if (assignee) builder.andWhere('task.assignee_id = :assignee', { assignee });
    if (query.role) builder.andWhere('task.candidate_role = :role', { role: query.role });
    if (query.instanceId)
      builder.andWhere('task.instance_id = :instanceId', { instanceId: query.instanceId });
    if (query.clientId)
      builder.andWhere('task.client_id = :clientId', { clientId: query.clientId });
    if (query.overdue) builder.andWhere('task.due_at < now()');
    const page = await paginate(builder, query, {
      sortColumn: 'task.created_at',
      idColumn: 'task.id',
      sortKey: (task) => task.createdAt,
    });
    return { ...page, items: page.items.map(withOverdue) };
  }

  async get(id: string, caller: AuthUser): Promise<TaskView> {
    const task = await this.dataSource.manager.findOneBy(UserTask, { id });
    if (!task) throw notFound('Task', id);
    await this.access.assertReadable(caller, await this.ownerOf(task), 'Task', id);
    return withOverdue(task);
  }

  /** Completes the task through its workflow; returns once the next steps are committed. */
  async complete(id: string, dto: CompleteTaskDto, caller: AuthUser): Promise<TaskView> {
    const task = await this.openTask(id, caller);
    if (!task.assigneeId && task.candidateRole && !mayClaim(task, caller)) {
      throw new ApiError(
        HttpStatus.FORBIDDEN,
        'FORBIDDEN',
        `Only the role "${task.candidateRole}" may complete this task`,
      );
    }
    const instance = await this.dataSource.manager.findOneByOrFail(ProcessInstance, {
      id: task.instanceId,
    });
    await runInstanceUpdate(() =>
      this.temporal.workflow.getHandle(instance.workflowId).executeUpdate(completeUserTaskUpdate, {
        args: [{ waitKey: task.waitKey, variables: dto.variables ?? {}, completedBy: caller.id }],
      }),
    );
    return this.get(id, caller);
  }

  /** A member of the candidate role takes a group task. */
  async claim(id: string, caller: AuthUser): Promise<TaskView> {
    const task = await this.openTask(id, caller);
    if (task.assigneeId) {
      throw new ApiError(
        HttpStatus.CONFLICT,
        'TASK_ALREADY_ASSIGNED',
        'Someone already took this task',
      );
    }
    if (!mayClaim(task, caller)) {
      throw new ApiError(
        HttpStatus.FORBIDDEN,
        'FORBIDDEN',
        `Only the role "${task.candidateRole}" may claim this task`,
      );
    }
    return this.reassign(task, caller.id, caller);
  }

  /** Gives the task to someone (a supervisor or admin), or back to the group with null. */
  async assign(id: string, assigneeId: string | null, caller: AuthUser): Promise<TaskView> {
    const task = await this.openTask(id, caller);
    if (assigneeId) {
      if (!(await this.dataSource.manager.existsBy(User, { id: assigneeId, active: true }))) {
        throw notFound('User', assigneeId);
      }
      await this.access.assertMayAssign(caller, assigneeId);
    }
    return this.reassign(task, assigneeId, caller);
  }

  private async openTask(id: string, caller: AuthUser): Promise<UserTask> {
    const task = await this.dataSource.manager.findOneBy(UserTask, { id });
    if (!task) throw notFound('Task', id);
    await this.access.assertWritable(caller, await this.ownerOf(task), 'Task', id);
    if (task.status !== 'open') {
      throw new ApiError(
        HttpStatus.CONFLICT,
        'TASK_NOT_OPEN',
        `The task is already ${task.status}`,
      );
    }
    return task;
  }

  private async reassign(
    task: UserTask,
    assigneeId: string | null,
    caller: AuthUser,
  ): Promise<TaskView> {
    await this.dataSource.transaction(async (manager) => {
      await manager.update(UserTask, { id: task.id }, { assigneeId });
      await recordUserAudit(manager, caller, [
        {
          entityType: 'userTask',
          entityId: task.id,
          action: 'update',
          before: { assigneeId: task.assigneeId },
          after: { assigneeId },
        },
      ]);
      await this.announce(manager, task, assigneeId, caller);
    });
    return this.get(task.id, caller);
  }

  /** Both the old and the new assignee's task lists hear of the move. */
  private async announce(
    manager: EntityManager,
    task: UserTask,
    assigneeId: string | null,
    caller: AuthUser,
  ) {
    const payload = { taskId: task.id, candidateRole: task.candidateRole, by: caller.id };
    const where = {
      instanceId: task.instanceId,
      elementId: task.elementId,
      actor: { userId: caller.id },
    };
    await appendEvents(manager, [
      { ...events.taskAssigned({ ...payload, assigneeId }), ...where },
      ...(task.assigneeId && task.assigneeId !== assigneeId
        ? [{ ...events.taskUnassigned({ ...payload, assigneeId: task.assigneeId }), ...where }]
        : []),
    ]);
  }

  private async ownerOf(task: UserTask): Promise<string | null> {
    if (task.assigneeId) return task.assigneeId;
    if (!task.clientId) return null;
    const client = await this.dataSource.manager.findOne(Client, {
      where: { id: task.clientId },
      select: { ownerId: true },
    });
    return client?.ownerId ?? null;
  }
}

function mayClaim(task: UserTask, caller: AuthUser): boolean {
  if (caller.roles.includes('admin') || caller.roles.includes('supervisor')) return true;
  return task.candidateRole === null || caller.roles.some((role) => role === task.candidateRole);
}

/** Overdue is computed from the due time at read time, never stored. */
function withOverdue(task: UserTask): TaskView {
  return Object.assign(task, {
    overdue: task.status === 'open' && task.dueAt !== null && task.dueAt.getTime() < Date.now(),
  });
}
