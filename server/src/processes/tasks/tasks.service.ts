import { isDeepStrictEqual } from 'node:util';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Client as TemporalClient } from '@temporalio/client';
import { DataSource, EntityManager, In } from 'typeorm';
import type { FormSchema, TaskOutput } from '#workflows/engine/model';
import { completeUserTaskUpdate } from '#workflows/temporal/contract';
import { AuthUser } from '#server/auth/auth-user';
import { recordUserAudit } from '#server/audit/audit';
import { AccessPolicy } from '#server/common/access/access-policy.service';
import { FLOWCARD_CONFIG, FlowcardConfig } from '#server/common/config';
import { notFound } from '#server/common/errors/common.errors';
import { entityFromJson } from '#server/common/persistence';
import { DomainException } from '#server/common/errors/domain-exception';
import { taskError } from './tasks.errors';
import { Page, paginate } from '#server/common/pagination';
import { Client } from '#server/crm/clients/client.entity';
import { events } from '#server/events/catalogue';
import { appendEvents } from '#server/live/outbox';
import { readAfterCommit } from '#server/database/database.errors';
import { TEMPORAL_CLIENT } from '#server/temporal/temporal.module';
import { Team } from '#server/teams/team.entity';
import { User } from '#server/users/user.entity';
import { runInstanceUpdate } from '../workflow-errors';
import { CompleteTaskDto, ListTasksQuery } from './task.dto';
import { UserTask } from './user-task.entity';
import {
  assertDeclaredOutputs,
  TaskDeclaration,
  taskDeclaration,
  taskDeclarations,
} from './task-declarations';

export type TaskView = UserTask &
  TaskDeclaration & {
    overdue: boolean;
    /** The name of the candidate team, for people to read. */
    candidateTeam: string | null;
  };

/** User tasks of process instances; who may see and work them is the access policy's to say. */
@Injectable()
export class TasksService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: TemporalClient,
    @Inject(FLOWCARD_CONFIG) private readonly config: FlowcardConfig,
    private readonly access: AccessPolicy,
  ) {}

  async list(query: ListTasksQuery, caller: AuthUser): Promise<Page<TaskView>> {
    const assignee = query.assignee === 'me' ? caller.id : query.assignee;
    const builder = this.dataSource.manager
      .createQueryBuilder(UserTask, 'task')
      .leftJoin(Client, 'client', 'client.id = task.client_id')
      .where('task.status = :status', { status: query.status ?? 'open' });
    await this.access.scopeTasks(builder, caller, 'task', 'client');
    if (query.unassigned) builder.andWhere('task.assignee_id IS NULL');
    if (query.claimable) this.access.scopeClaimableTasks(builder, caller, 'task');
    if (assignee) builder.andWhere('task.assignee_id = :assignee', { assignee });
    if (query.role) builder.andWhere('task.candidate_role = :role', { role: query.role });
    if (query.teamId)
      builder.andWhere('task.candidate_team_id = :teamId', { teamId: query.teamId });
    if (query.instanceId)
      builder.andWhere('task.instance_id = :instanceId', { instanceId: query.instanceId });
    if (query.clientId)
      builder.andWhere('task.client_id = :clientId', { clientId: query.clientId });
    if (query.overdue) builder.andWhere('task.due_at < now()');
    if (query.followUpBefore) {
      builder.andWhere('task.follow_up_at <= :followUpBefore', {
        followUpBefore: query.followUpBefore,
      });
    }
    const page = await paginate(builder, query, {
      sortColumn: 'task.created_at',
      idColumn: 'task.id',
      sortKey: (task) => task.createdAt,
    });
    const declarations = await taskDeclarations(this.dataSource.manager, page.items);
    const teams = await teamNames(this.dataSource.manager, page.items);
    return {
      ...page,
      items: page.items.map((task) => viewOf(task, declarations.get(task.id), teams)),
    };
  }

  async get(id: string, caller: AuthUser): Promise<TaskView> {
    const task = await this.findTask(id);
    await this.access.assertMayReadTask(caller, task);
    return this.viewOf(task);
  }

  /** Completes the task through its workflow; returns once the next steps are committed. */
  async complete(id: string, dto: CompleteTaskDto, caller: AuthUser): Promise<TaskView> {
    const { task: found, facts, workflowId, declaration } = await this.taskToComplete(id);
    if (isSameCompletion(found, dto, caller)) {
      // A completion retried after its answer was lost (a deadline, a dropped connection)
      // answers as the first one did, once the workflow surely has it.
      await this.access.assertMayReadTask(caller, facts);
      await this.sendCompletion(found, workflowId, dto, caller, { retried: true });
      return viewOf(found, declaration, await teamNames(this.dataSource.manager, [found]));
    }
    await this.assertOpen(facts, caller);
    await this.access.assertMayClaim(caller, facts, 'complete');
    assertDeclaredOutputs(declaration, dto.variables ?? {});
    await this.sendCompletion(found, workflowId, dto, caller, { retried: false });
    // Whoever may work the task may read it, and its element is the same: only the row changed.
    return readAfterCommit(async () => {
      const completed = await this.findTask(id);
      return viewOf(completed, declaration, await teamNames(this.dataSource.manager, [completed]));
    });
  }

  /**
   * The task with what completing it needs, in one round trip: its client's owner for the access
   * checks, its instance's workflow id and its element's declaration (`taskDeclarations`' rule).
   */
  private async taskToComplete(id: string) {
    const manager = this.dataSource.manager;
    const [row]: TaskToCompleteRow[] = await manager.query(TASK_TO_COMPLETE_SQL, [id]);
    if (!row) throw notFound('Task', id);
    const task = entityFromJson(manager, UserTask, row.task);
    return {
      task,
      facts: { ...task, clientOwnerId: row.client_owner_id },
      workflowId: row.workflow_id,
      declaration: { form: row.form, outputs: row.outputs },
    };
  }

  /**
   * Hands the completion to the workflow. A retry sends it again under the same update id: the
   * row may say `completed` while the workflow never recorded the update (the worker committed
   * the batch and died before its workflow task completed, and Temporal dropped the update it
   * had not yet accepted; found by the fault test), and the instance would wait forever. When
   * the workflow did record it, the same update id answers its result, or the workflow refuses
   * a task it no longer has open: both mean the completion is applied.
   */
  private async sendCompletion(
    task: UserTask,
    workflowId: string,
    dto: CompleteTaskDto,
    caller: AuthUser,
    { retried }: { retried: boolean },
  ): Promise<void> {
    try {
      await runInstanceUpdate(this.temporal, this.config.engineCallTimeoutMs, () =>
        this.temporal.workflow.getHandle(workflowId).executeUpdate(completeUserTaskUpdate, {
          args: [{ waitKey: task.waitKey, variables: dto.variables ?? {}, completedBy: caller.id }],
          // A completion retried after a timeout joins the first one: the task completes once.
          updateId: `complete:${task.waitKey}`,
        }),
      );
    } catch (error) {
      const applied =
        retried &&
        error instanceof DomainException &&
        ['INSTANCE_REFUSED', 'INSTANCE_NOT_RUNNING'].includes(error.code);
      if (!applied) throw error;
    }
  }

  /** A member of the candidate role or team takes a group task. */
  async claim(id: string, caller: AuthUser): Promise<TaskView> {
    const task = await this.openTask(id, caller);
    if (task.assigneeId) {
      throw taskError('TASK_ALREADY_ASSIGNED', 'Someone already took this task');
    }
    await this.access.assertMayClaim(caller, task);
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

  private async viewOf(task: UserTask): Promise<TaskView> {
    const manager = this.dataSource.manager;
    const declaration = await taskDeclaration(manager, task);
    return viewOf(task, declaration, await teamNames(manager, [task]));
  }

  private async openTask(id: string, caller: AuthUser): Promise<UserTask> {
    return this.assertOpen(await this.findTask(id), caller);
  }

  private async findTask(id: string): Promise<UserTask> {
    const manager = this.dataSource.manager;
    const [row]: { task: Record<string, unknown> }[] = await manager.query(
      `SELECT to_jsonb(task) AS task FROM user_tasks task WHERE task.id = $1`,
      [id],
    );
    if (!row) throw notFound('Task', id);
    return entityFromJson(manager, UserTask, row.task);
  }

  /** The task, unless the caller may not work it or it is no longer open. */
  private async assertOpen(task: UserTask, caller: AuthUser): Promise<UserTask> {
    await this.access.assertMayWorkTask(caller, task);
    if (task.status !== 'open') {
      throw taskError('TASK_NOT_OPEN', `The task is already ${task.status}`);
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
    const payload = {
      taskId: task.id,
      candidateRole: task.candidateRole,
      ...(task.candidateTeamId && { candidateTeamId: task.candidateTeamId }),
      by: caller.id,
    };
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
}

/** Overdue is computed from the due time at read time, never stored. */
function viewOf(
  task: UserTask,
  declaration: TaskDeclaration | undefined,
  teams: Map<string, string>,
): TaskView {
  return Object.assign(task, {
    overdue: task.status === 'open' && task.dueAt !== null && task.dueAt.getTime() < Date.now(),
    candidateTeam: task.candidateTeamId === null ? null : (teams.get(task.candidateTeamId) ?? null),
    form: declaration?.form ?? null,
    outputs: declaration?.outputs ?? null,
  });
}

/** The names of the candidate teams of the tasks, by team id, in one query. */
async function teamNames(manager: EntityManager, tasks: UserTask[]): Promise<Map<string, string>> {
  const ids = [...new Set(tasks.flatMap((task) => task.candidateTeamId ?? []))];
  if (ids.length === 0) return new Map();
  const teams = await manager.findBy(Team, { id: In(ids) });
  return new Map(teams.map((team) => [team.id, team.name]));
}

/** The caller completed the task already, with these very variables. */
function isSameCompletion(task: UserTask, dto: CompleteTaskDto, caller: AuthUser): boolean {
  return (
    task.status === 'completed' &&
    task.completedById === caller.id &&
    isDeepStrictEqual(task.completionVariables ?? {}, dto.variables ?? {})
  );
}

interface TaskToCompleteRow {
  task: Record<string, unknown>;
  /** Null without a client or for a deleted one. */
  client_owner_id: string | null;
  workflow_id: string;
  form: FormSchema | null;
  outputs: TaskOutput[] | null;
}

const TASK_TO_COMPLETE_SQL = `
  SELECT to_jsonb(task) AS task, client.owner_id AS client_owner_id,
         instance.workflow_id, declared.node -> 'form' AS form, declared.node -> 'outputs' AS outputs
    FROM user_tasks task
    JOIN process_instances instance ON instance.id = task.instance_id
    JOIN process_definitions definition ON definition.id = instance.definition_id
    LEFT JOIN clients client ON client.id = task.client_id AND client.deleted_at IS NULL
   CROSS JOIN LATERAL (SELECT definition.model -> 'nodes' -> task.element_id AS node) declared
   WHERE task.id = $1`;
