/**
 * One Temporal Schedule per process key whose latest version starts with a timer start event:
 * each fire runs `timerStartWorkflow`, which starts an instance of that version. Deploying a
 * version replaces the schedule of the one before (a cycle starts anew); a latest version
 * without a timer start event removes it. Deploys sync their key once committed; each API
 * process syncs every key that ever had a timer start event when it boots, which repairs a
 * sync that Temporal did not answer.
 */
import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  Client as TemporalClient,
  ScheduleAlreadyRunning,
  ScheduleNotFoundError,
  type ScheduleDescription,
  type ScheduleHandle,
  type ScheduleOptions,
  ScheduleOverlapPolicy,
  type ScheduleSpec,
} from '@temporalio/client';
import { DataSource } from 'typeorm';
import type { TimerCycle } from '#workflows/engine/model';
import {
  TIMER_START_WORKFLOW_TYPE,
  type TimerStartInput,
} from '#workflows/temporal/timer-start-contract';
import { FLOWCARD_CONFIG, FlowcardConfig } from '#server/common/config';
import { TEMPORAL_CLIENT } from '#server/temporal/temporal.module';

/** A timer start event as `process_start_events.timer` holds it. */
export type StoredTimer = { date: string } | { cycle: TimerCycle };

interface LatestVersion {
  definitionId: string;
  timer: StoredTimer | null;
}

@Injectable()
export class TimerStartSchedules implements OnApplicationBootstrap {
  private readonly logger = new Logger(TimerStartSchedules.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: TemporalClient,
    @Inject(FLOWCARD_CONFIG) private readonly config: FlowcardConfig,
  ) {}

  onApplicationBootstrap(): void {
    void this.syncAll().catch((error: unknown) =>
      this.logger.warn(`timer start schedules not synced: ${String(error)}`),
    );
  }

  /** The schedule's id: per task queue, so deployments sharing a namespace stay apart. */
  scheduleId(definitionKey: string): string {
    return `timer-start:${this.config.taskQueue}:${definitionKey}`;
  }

  /** Syncs every key that has or had a timer start event. */
  async syncAll(): Promise<void> {
    const keys = (await this.dataSource.query(
      `SELECT DISTINCT d.key FROM process_start_events s
         JOIN process_definitions d ON d.id = s.definition_id
        WHERE s.timer IS NOT NULL`,
    )) as { key: string }[];
    for (const { key } of keys) await this.sync(key);
  }

  /**
   * Makes the key's schedule match its latest version: created, replaced when it runs another
   * version, or removed. Never throws: a failure is logged and repaired at the next boot.
   */
  async syncAfterDeploy(definitionKey: string): Promise<void> {
    try {
      await this.sync(definitionKey);
    } catch (error) {
      this.logger.warn(`timer start schedule of ${definitionKey} not synced: ${String(error)}`);
    }
  }

  async sync(definitionKey: string): Promise<void> {
    const latest = await this.latestVersion(definitionKey);
    const handle = this.temporal.schedule.getHandle(this.scheduleId(definitionKey));
    const current = await describe(handle);
    if (current !== null && current.memo?.definitionId === latest?.definitionId && latest?.timer) {
      return;
    }
    if (current !== null) await deleteSchedule(handle);
    if (!latest?.timer) return;
    try {
      await this.temporal.schedule.create(
        this.scheduleOptions(definitionKey, latest.definitionId, latest.timer),
      );
    } catch (error) {
      // Another API process synced the key at the same time.
      if (!(error instanceof ScheduleAlreadyRunning)) throw error;
    }
  }

  private async latestVersion(definitionKey: string): Promise<LatestVersion | null> {
    const [latest] = (await this.dataSource.query(
      `SELECT d.id AS "definitionId", s.timer
         FROM process_definitions d
         LEFT JOIN process_start_events s ON s.definition_id = d.id AND s.timer IS NOT NULL
        WHERE d.key = $1
        ORDER BY d.version DESC
        LIMIT 1`,
      [definitionKey],
    )) as LatestVersion[];
    return latest ?? null;
  }

  private scheduleOptions(
    definitionKey: string,
    definitionId: string,
    timer: StoredTimer,
  ): ScheduleOptions {
    const input: TimerStartInput = { definitionId };
    const { spec, remainingActions } = scheduleSpec(timer);
    return {
      scheduleId: this.scheduleId(definitionKey),
      spec,
      action: {
        type: 'startWorkflow',
        workflowType: TIMER_START_WORKFLOW_TYPE,
        taskQueue: this.config.taskQueue,
        // Temporal appends the fire time: one workflow id per fire.
        workflowId: `timer-start:${definitionKey}`,
        args: [input],
      },
      memo: { definitionId },
      policies: { overlap: ScheduleOverlapPolicy.ALLOW_ALL, catchupWindow: '1 minute' },
      state: remainingActions === undefined ? {} : { remainingActions },
    };
  }
}

/**
 * The Temporal spec of a timer start event: a date is a one-time calendar moment (UTC), an
 * ISO-8601 cycle an interval (Temporal aligns it to the epoch, rounded to the second) taken
 * as often as it repeats, a cron expression as Camunda writes it (seconds first).
 */
export function scheduleSpec(timer: StoredTimer): {
  spec: ScheduleSpec;
  remainingActions?: number;
} {
  if ('date' in timer) {
    const at = new Date(timer.date);
    const cron = [
      at.getUTCSeconds(),
      at.getUTCMinutes(),
      at.getUTCHours(),
      at.getUTCDate(),
      at.getUTCMonth() + 1,
      '*',
      at.getUTCFullYear(),
    ].join(' ');
    return { spec: { cronExpressions: [cron] }, remainingActions: 1 };
  }
  const { cycle } = timer;
  if ('cron' in cycle) {
    const fields = cycle.cron.replace(/\?/g, '*').split(' ');
    // Six fields start with the seconds (Camunda); Temporal's seven end with the year.
    const cron = fields.length === 6 ? [...fields, '*'].join(' ') : fields.join(' ');
    return { spec: { cronExpressions: [cron] } };
  }
  const spec: ScheduleSpec = { intervals: [{ every: cycle.intervalMs }] };
  return cycle.repetitions === null ? { spec } : { spec, remainingActions: cycle.repetitions };
}

async function describe(handle: ScheduleHandle): Promise<ScheduleDescription | null> {
  try {
    return await handle.describe();
  } catch (error) {
    if (error instanceof ScheduleNotFoundError) return null;
    throw error;
  }
}

async function deleteSchedule(handle: ScheduleHandle): Promise<void> {
  try {
    await handle.delete();
  } catch (error) {
    if (!(error instanceof ScheduleNotFoundError)) throw error;
  }
}
