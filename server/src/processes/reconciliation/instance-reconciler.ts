/**
 * Brings the database and Temporal back in line after a crash or an operator's hand:
 *
 * - a row left `starting` (its API died between the commit and `workflow.start`, or Temporal did
 *   not answer in time) has its workflow started under the same workflow id and becomes
 *   `running`;
 * - a `running` row (or one in `incident`, whose workflow waits for a retry: not stuck) whose
 *   workflow Temporal closed without the worker recording the end (terminated, timed out,
 *   failed, not found) is closed with what Temporal reported, its open user tasks cancelled,
 *   its open incidents resolved as cancelled, and the events written to the outbox.
 *
 * One pass runs at a time across every process: a pass holds a session advisory lock, and one
 * that cannot take it leaves the work to the holder. Both steps are safe to repeat anyway: the
 * workflow id makes a second start a no-op, and a row is closed only while it is still `running`
 * under its row lock. A pass works on one connection and holds no transaction while it calls
 * Temporal.
 */
import { Logger } from '@nestjs/common';
import { Client as TemporalClient, WorkflowNotFoundError } from '@temporalio/client';
import { DataSource, EntityManager, In, IsNull, QueryRunner } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import type { FlowcardConfig } from '#server/common/config';
import { events } from '#server/events/catalogue';
import { appendEvents, OutboxEvent } from '#server/live/outbox';
import { Incident } from '../incidents/incident.entity';
import { markStarted, startInstanceWorkflow } from '../instances/instance-start';
import { InstanceRowStatus, ProcessInstance } from '../instances/process-instance.entity';
import { UserTask } from '../tasks/user-task.entity';
import { callEngine } from '../workflow-errors';

export interface ReconcilerSettings {
  taskQueue: string;
  /** Deadline of each call into Temporal. */
  engineCallTimeoutMs: number;
  /** Passed to the workflows it starts (`FlowcardConfig.historyEventsLimit`). */
  historyEventsLimit?: number;
  /** Time between two passes of `start()`. */
  intervalMs: number;
  /** A row `starting` for this long is started by the reconciler (its API normally does it). */
  startingAfterMs: number;
  /**
   * How many `starting` rows one pass starts, and how many `running` rows it compares with
   * Temporal (the next pass goes on from there): a pass holds one pooled connection throughout.
   */
  batchSize: number;
}

export function reconcilerSettingsFromEnv(
  base: Pick<FlowcardConfig, 'taskQueue' | 'engineCallTimeoutMs' | 'historyEventsLimit'>,
  env: NodeJS.ProcessEnv = process.env,
): ReconcilerSettings {
  return {
    taskQueue: base.taskQueue,
    engineCallTimeoutMs: base.engineCallTimeoutMs,
    historyEventsLimit: base.historyEventsLimit,
    intervalMs: Number(env.FLOWCARD_RECONCILE_INTERVAL_MS ?? 10_000),
    startingAfterMs: Number(env.FLOWCARD_RECONCILE_STARTING_AFTER_MS ?? 5_000),
    batchSize: Number(env.FLOWCARD_RECONCILE_BATCH_SIZE ?? 100),
  };
}

export interface ReconcileOptions {
  /** Look at these instances only (a `starting` one still waits `startingAfterMs`). */
  instanceIds?: string[];
  /** Only start `starting` rows: what an API process does, the worker does both. */
  startingOnly?: boolean;
}

export interface ReconcileReport {
  /** False when another process held the reconciliation lock: this pass did nothing. */
  ran: boolean;
  /** Instances whose workflow this pass started. */
  started: string[];
  /** Instances this pass closed, with the status they got. */
  closed: { id: string; status: 'failed' | 'cancelled'; message: string }[];
}

/** Any fixed number: the session advisory lock of a reconciliation pass. */
export const RECONCILE_LOCK = 7_242_002;

/** Temporal's execution statuses that mean the workflow will never write its end. */
/** Rows whose workflow should be running: compared with Temporal, closed when it is not. */
const UNSETTLED: InstanceRowStatus[] = ['running', 'incident'];

const CLOSED_STATUSES: Record<string, 'failed' | 'cancelled'> = {
  TERMINATED: 'cancelled',
  CANCELLED: 'cancelled',
  FAILED: 'failed',
  TIMED_OUT: 'failed',
  // The workflow writes its end before it completes: a completed one with a running row lost it.
  COMPLETED: 'failed',
  // CONTINUED_AS_NEW is missing on purpose: the instance goes on in a new run. A handle without a
  // run id describes the latest run, so only a stale description could report it.
};

export class InstanceReconciler {
  private readonly logger = new Logger(InstanceReconciler.name);
  /** Where the next pass goes on comparing `running` rows (by id), so every row gets its turn. */
  private runningCursor: string | null = null;
  private timer: NodeJS.Timeout | null = null;
  private pass: Promise<unknown> | null = null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly temporal: TemporalClient,
    private readonly settings: ReconcilerSettings,
  ) {}

  /** Runs a pass every `intervalMs` until `stop()`. */
  start(options: Pick<ReconcileOptions, 'startingOnly'> = {}): void {
    if (this.timer) return;
    const tick = () => {
      this.pass = this.reconcileOnce(options)
        .catch((error: unknown) => this.logger.error('reconciliation failed', error as Error))
        .finally(() => {
          this.pass = null;
          if (this.timer) this.timer = setTimeout(tick, this.settings.intervalMs);
        });
    };
    this.timer = setTimeout(tick, this.settings.intervalMs);
  }

  /** Stops the passes and waits for the one under way. */
  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.pass;
  }

  /** One pass: starts the `starting` rows due, then compares `running` rows with Temporal. */
  async reconcileOnce(options: ReconcileOptions = {}): Promise<ReconcileReport> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      const [{ locked }] = await runner.query('SELECT pg_try_advisory_lock($1) AS locked', [
        RECONCILE_LOCK,
      ]);
      if (!locked) return { ran: false, started: [], closed: [] };
      try {
        const started = await this.startPending(runner.manager, options);
        const closed = options.startingOnly ? [] : await this.closeEnded(runner, options);
        return { ran: true, started, closed };
      } finally {
        await runner.query('SELECT pg_advisory_unlock($1)', [RECONCILE_LOCK]);
      }
    } finally {
      await runner.release();
    }
  }

  private async startPending(manager: EntityManager, options: ReconcileOptions) {
    const query = manager
      .createQueryBuilder(ProcessInstance, 'instance')
      .innerJoinAndSelect('instance.definition', 'definition')
      .where(`instance.status = 'starting'`)
      // The workflow of a called instance is its caller's to start, as a child workflow.
      .andWhere('instance.parent_instance_id IS NULL')
      .andWhere(`instance.started_at < now() - make_interval(secs => :seconds)`, {
        seconds: this.settings.startingAfterMs / 1000,
      })
      .orderBy('instance.started_at', 'ASC')
      .limit(this.settings.batchSize);
    if (options.instanceIds) {
      query.andWhere('instance.id IN (:...ids)', { ids: options.instanceIds });
    }
    const started: string[] = [];
    for (const instance of await query.getMany()) {
      try {
        await startInstanceWorkflow(
          this.temporal,
          {
            taskQueue: this.settings.taskQueue,
            timeoutMs: this.settings.engineCallTimeoutMs,
            historyEventsLimit: this.settings.historyEventsLimit,
          },
          {
            id: instance.id,
            workflowId: instance.workflowId,
            model: instance.definition!.model,
            variables: instance.variables,
          },
        );
        await markStarted(manager, instance.id);
      } catch (error) {
        // Temporal or Postgres is away for now: the next pass tries again, as harmlessly.
        this.logger.warn(`could not start instance ${instance.id}: ${(error as Error).message}`);
        continue;
      }
      this.logger.log(`started instance ${instance.id}, left starting by its API`);
      started.push(instance.id);
    }
    return started;
  }

  private async closeEnded(runner: QueryRunner, options: ReconcileOptions) {
    const rows = await this.runningRows(runner.manager, options);
    const closed: ReconcileReport['closed'] = [];
    for (const row of rows) {
      const reported = await this.temporalStatus(row.workflowId);
      if (reported === null) continue;
      const status = reported === 'NOT_FOUND' ? 'failed' : CLOSED_STATUSES[reported];
      if (!status) continue;
      const message =
        reported === 'NOT_FOUND'
          ? 'Temporal has no workflow for this instance'
          : `Temporal reports the workflow ${reported.toLowerCase().replace('_', ' ')}`;
      try {
        if (!(await closeInstance(runner.manager, row.id, status, message))) continue;
      } catch (error) {
        // A lock or statement timeout: the row is still running, the next pass looks again.
        this.logger.warn(`could not close instance ${row.id}: ${(error as Error).message}`);
        continue;
      }
      this.logger.warn(`closed instance ${row.id} as ${status}: ${message}`);
      closed.push({ id: row.id, status, message });
    }
    return closed;
  }

  private async runningRows(manager: EntityManager, options: ReconcileOptions) {
    if (options.instanceIds) {
      return manager.find(ProcessInstance, {
        where: { id: In(options.instanceIds), status: In(UNSETTLED) },
        select: { id: true, workflowId: true },
      });
    }
    const query = manager
      .createQueryBuilder(ProcessInstance, 'instance')
      .select(['instance.id', 'instance.workflowId'])
      .where(`instance.status IN (:...unsettled)`, { unsettled: UNSETTLED })
      .orderBy('instance.id', 'ASC')
      .limit(this.settings.batchSize);
    if (this.runningCursor) query.andWhere('instance.id > :cursor', { cursor: this.runningCursor });
    const page = await query.getMany();
    // A short page reached the end: the next pass starts again from the lowest id.
    this.runningCursor = page.length < this.settings.batchSize ? null : page[page.length - 1].id;
    return page;
  }

  /** Temporal's status name of the workflow, `NOT_FOUND`, or null when Temporal did not answer. */
  private async temporalStatus(workflowId: string): Promise<string | null> {
    try {
      return await callEngine(this.temporal, this.settings.engineCallTimeoutMs, async () => {
        try {
          const description = await this.temporal.workflow.getHandle(workflowId).describe();
          return description.status.name;
        } catch (error) {
          if (error instanceof WorkflowNotFoundError) return 'NOT_FOUND';
          throw error;
        }
      });
    } catch (error) {
      this.logger.warn(`could not describe workflow ${workflowId}: ${(error as Error).message}`);
      return null;
    }
  }
}

/**
 * Closes a `running` instance with `status` and `message`, cancels its open user tasks and
 * appends the events, in one transaction; false when the row is no longer running (the worker
 * or another pass got there first).
 */
async function closeInstance(
  manager: EntityManager,
  instanceId: string,
  status: 'failed' | 'cancelled',
  message: string,
): Promise<boolean> {
  return manager.transaction(async (tx) => {
    const instance = await tx.findOne(ProcessInstance, {
      where: { id: instanceId, status: In(UNSETTLED) },
      lock: { mode: 'pessimistic_write' },
    });
    if (!instance) return false;
    const [{ now }] = await tx.query('SELECT now() AS now');
    const endedAt = new Date(now);
    const incidents = await tx.find(Incident, { where: { instanceId, resolvedAt: IsNull() } });
    if (incidents.length > 0) {
      await tx.update(
        Incident,
        { id: In(incidents.map((incident) => incident.id)) },
        { resolvedAt: endedAt, resolution: 'cancelled' },
      );
    }
    const tasks = await tx.find(UserTask, {
      where: { instanceId, status: 'open' },
      order: { createdAt: 'ASC' },
      lock: { mode: 'pessimistic_write' },
    });
    if (tasks.length > 0) {
      await tx.update(UserTask, { id: In(tasks.map((task) => task.id)) }, {
        status: 'cancelled',
        completedAt: endedAt,
      } as QueryDeepPartialEntity<UserTask>);
    }
    const error = { elementId: null, message };
    await tx.update(ProcessInstance, { id: instanceId }, {
      status,
      error,
      endedAt,
    } as QueryDeepPartialEntity<ProcessInstance>);
    const place = { instanceId, clientId: instance.clientId };
    const closedTasks: OutboxEvent[] = tasks.map((task) => ({
      ...events.taskClosed('cancelled', {
        taskId: task.id,
        assigneeId: task.assigneeId,
        candidateRole: task.candidateRole,
        ...(task.candidateTeamId && { candidateTeamId: task.candidateTeamId }),
        completedById: null,
      }),
      ...place,
      elementId: task.elementId,
    }));
    const resolved: OutboxEvent[] = incidents.map((incident) => ({
      ...events.incidentResolved({ incidentId: incident.id, resolution: 'cancelled', by: null }),
      ...place,
      elementId: incident.elementId,
    }));
    await appendEvents(tx, [
      ...resolved,
      ...closedTasks,
      { ...events.instanceEnded(status, { error }), ...place },
    ]);
    return true;
  });
}
