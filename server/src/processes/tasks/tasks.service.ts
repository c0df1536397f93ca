import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Client as TemporalClient } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { completeUserTaskUpdate } from '../../../../workflows/temporal/contract';
import { AuthUser } from '../../auth/auth-user';
import { ApiError, notFound } from '../../common/api-error';
import { TEMPORAL_CLIENT } from '../../temporal/temporal.module';
import { ProcessInstance } from '../instances/process-instance.entity';
import { runInstanceUpdate } from '../workflow-errors';
import { CompleteTaskDto, ListTasksQuery } from './task.dto';
import { UserTask } from './user-task.entity';

@Injectable()
export class TasksService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: TemporalClient,
  ) {}

  list(query: ListTasksQuery, caller: AuthUser) {
    const assignee = query.assignee === 'me' ? caller.id : query.assignee;
    const builder = this.dataSource.manager
      .createQueryBuilder(UserTask, 'task')
      .where('task.status = :status', { status: query.status ?? 'open' })
      .orderBy('task.due_at', 'ASC', 'NULLS LAST')
      .addOrderBy('task.created_at', 'ASC')
      .take(500);
    if (assignee) builder.andWhere('task.assignee_id = :assignee', { assignee });
    if (query.role) builder.andWhere('task.candidate_role = :role', { role: query.role });
    if (query.instanceId)
      builder.andWhere('task.instance_id = :instanceId', { instanceId: query.instanceId });
    return builder.getMany();
  }

  async get(id: string): Promise<UserTask> {
    const task = await this.dataSource.manager.findOneBy(UserTask, { id });
    if (!task) throw notFound('Task', id);
    return task;
  }

  /** Completes the task through its workflow; returns once the next steps are committed. */
  async complete(id: string, dto: CompleteTaskDto, caller: AuthUser): Promise<UserTask> {
    const task = await this.get(id);
    if (task.status !== 'open') {
      throw new ApiError(
        HttpStatus.CONFLICT,
        'TASK_NOT_OPEN',
        `The task is already ${task.status}`,
      );
    }
    if (!mayWorkOn(task, caller)) {
      throw new ApiError(HttpStatus.FORBIDDEN, 'FORBIDDEN', 'The task is assigned to someone else');
    }
    const instance = await this.dataSource.manager.findOneByOrFail(ProcessInstance, {
      id: task.instanceId,
    });
    await runInstanceUpdate(() =>
      this.temporal.workflow.getHandle(instance.workflowId).executeUpdate(completeUserTaskUpdate, {
        args: [{ waitKey: task.waitKey, variables: dto.variables ?? {}, completedBy: caller.id }],
      }),
    );
    return this.get(id);
  }
}

/** The assignee, a holder of the candidate role, or a supervisor or admin may work on a task. */
function mayWorkOn(task: UserTask, caller: AuthUser): boolean {
  if (caller.roles.includes('admin') || caller.roles.includes('supervisor')) return true;
  if (task.assigneeId) return task.assigneeId === caller.id;
  return task.candidateRole === null || caller.roles.some((role) => role === task.candidateRole);
}
