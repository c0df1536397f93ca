import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Client as TemporalClient } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { FLOWCARD_CONFIG, FlowcardConfig } from '#server/common/config';
import { DomainException } from '#server/common/errors/domain-exception';
import { EventRelay } from '#server/live/event-relay.service';
import { RetryBackoff } from '#server/live/retry-backoff';
import { TEMPORAL_CLIENT } from '#server/temporal/temporal.module';
import { markStarted, startInstanceWorkflow } from '../instances/instance-start';
import { ProcessInstance } from '../instances/process-instance.entity';
import { deliverToWait } from '../messages/message-delivery';
import {
  consumeTriggerBatch,
  isTriggerEventType,
  pendingTriggeredStarts,
  TriggerBatch,
} from './trigger-consumer';
import { markDelivered, PendingDelivery, pendingDeliveries, stillWaiting } from './triggered-waits';

/** How often the consumer reads without an event: a relay that lost its connection misses none. */
const POLL_INTERVAL_MS = 5_000;

/** How soon to read again when another consumer held the cursor. */
const BUSY_RETRY_MS = 250;

/**
 * Starts the processes whose CRM triggers match the events of the outbox. Each API process runs
 * one; they share one durable cursor (`consumeTriggerBatch`), so each event starts each binding
 * once however many run. Woken by each event the API's event relay reads, and by a periodic poll.
 * A run that failed runs again soon (`RetryBackoff`): a start or delivery it left is retried
 * then, not at the next poll only. One start or delivery that fails does not hold back the
 * others: each is tried, and the failures are retried.
 */
@Injectable()
export class TriggerConsumer implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(TriggerConsumer.name);
  private unsubscribe: (() => void) | null = null;
  private poll: NodeJS.Timeout | null = null;
  private running: Promise<void> = Promise.resolve();
  private runAgain = false;
  /** The next run also looks for starts and deliveries another consumer (or process) left. */
  private leftoversDue = true;
  private stopped = false;
  private readonly backoff = new RetryBackoff(POLL_INTERVAL_MS);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: TemporalClient,
    @Inject(FLOWCARD_CONFIG) private readonly config: FlowcardConfig,
    private readonly relay: EventRelay,
  ) {}

  onModuleInit() {
    // Only a CRM event can start a process or meet a wait; the poll moves the cursor past the
    // rest (steps, tasks, instances), which are most of the outbox.
    this.unsubscribe = this.relay.onEvent((event) => {
      if (isTriggerEventType(event.type)) this.schedule();
      // A retried instance takes the CRM events kept for it during its incident.
      if (event.type === 'incident.resolved') {
        this.leftoversDue = true;
        this.schedule();
      }
    });
    this.poll = setInterval(() => {
      this.leftoversDue = true;
      this.schedule();
    }, POLL_INTERVAL_MS);
    this.schedule();
  }

  async onApplicationShutdown() {
    this.stopped = true;
    this.unsubscribe?.();
    if (this.poll) clearInterval(this.poll);
    this.backoff.stop();
    await this.running;
  }

  /** Coalesces wake-ups into one run at a time. */
  private schedule() {
    if (this.runAgain || this.stopped) return;
    this.runAgain = true;
    this.running = this.running.then(async () => {
      this.runAgain = false;
      if (this.stopped) return;
      try {
        await this.consume();
        this.backoff.succeeded();
      } catch (error) {
        this.logger.warn(`consuming triggers failed: ${(error as Error).message}`);
        // What the run wrote, or left unstarted and undelivered, is looked at again.
        this.leftoversDue = true;
        if (!this.stopped) this.backoff.failed(() => this.schedule());
      }
    });
  }

  private async consume() {
    const skipped = (reason: string) => this.logger.warn(reason);
    let batch: TriggerBatch | null;
    let wrote = false;
    do {
      batch = await this.dataSource.transaction((manager) => consumeTriggerBatch(manager, skipped));
      wrote ||= batch?.wrote ?? false;
      // A batch short of full read up to the newest event; what commits later wakes us again.
    } while (batch?.full && !this.stopped);
    if (batch === null) {
      // Another consumer held the cursor: it may have read before the latest events committed,
      // and what it wrote the next run starts and delivers if that consumer has not yet.
      this.leftoversDue = true;
      setTimeout(() => this.schedule(), BUSY_RETRY_MS).unref();
      if (!wrote) return;
    }
    if (!wrote && !this.leftoversDue) return;
    this.leftoversDue = false;
    const failed = (await this.startPendingWorkflows()) + (await this.deliverPending());
    if (failed > 0) throw new Error(`${failed} triggered starts or deliveries failed`);
  }

  /**
   * Delivers the CRM events claimed for waiting instances, outside the transaction that claimed
   * them; also those a process that stopped in between left behind. A wait closed meanwhile (a
   * boundary timer ended it, the instance was cancelled) has nothing left to receive. Returns
   * how many failed; they stay pending.
   */
  private async deliverPending(): Promise<number> {
    let failed = 0;
    for (const delivery of await pendingDeliveries(this.dataSource.manager)) {
      try {
        await this.deliver(delivery);
      } catch (error) {
        failed++;
        this.logger.warn(
          `CRM event for wait ${delivery.waitKey} not delivered yet: ${(error as Error).message}`,
        );
      }
    }
    return failed;
  }

  private async deliver(delivery: PendingDelivery): Promise<void> {
    if (!delivery.waiting) {
      this.logger.warn(
        `CRM event for wait ${delivery.waitKey} dropped: the wait closed or its instance ended`,
      );
    } else {
      try {
        await deliverToWait(this.temporal, this.config.engineCallTimeoutMs, delivery);
      } catch (error) {
        if (!(error instanceof DomainException) || error.code === 'ENGINE_UNAVAILABLE') throw error;
        // Refused because an incident was raised since the delivery was read: kept for after it.
        if (await stillWaiting(this.dataSource.manager, delivery.waitKey)) throw error;
        this.logger.warn(`CRM event for wait ${delivery.waitKey} not delivered: ${error.message}`);
      }
    }
    await markDelivered(this.dataSource.manager, delivery.waitKey);
  }

  /**
   * Starts the workflows of triggered instances, outside the transaction that wrote them; also
   * those a process that stopped between the commit and the start left behind. Returns how many
   * failed: each stays pending (its instance `starting`, which supervisors see in the instance
   * list) and is retried, while the others go on.
   */
  private async startPendingWorkflows(): Promise<number> {
    let failed = 0;
    for (const { instanceId } of await pendingTriggeredStarts(this.dataSource.manager)) {
      try {
        await this.startTriggered(instanceId);
      } catch (error) {
        failed++;
        this.logger.warn(
          `workflow of triggered instance ${instanceId} not started yet: ${(error as Error).message}`,
        );
      }
    }
    return failed;
  }

  private async startTriggered(instanceId: string): Promise<void> {
    const instance = await this.dataSource.manager.findOneOrFail(ProcessInstance, {
      where: { id: instanceId },
      relations: { definition: true },
    });
    // An engine that does not answer throws: the start stays pending for the next run (and the
    // starting relay starts a row left `starting` on its own).
    if (instance.status === 'starting' && instance.definition) {
      await startInstanceWorkflow(
        this.temporal,
        {
          taskQueue: this.config.taskQueue,
          timeoutMs: this.config.engineCallTimeoutMs,
          historyEventsLimit: this.config.historyEventsLimit,
        },
        {
          id: instance.id,
          workflowId: instance.workflowId,
          model: instance.definition.model,
          variables: instance.variables,
        },
      );
      await markStarted(this.dataSource.manager, instance.id);
    }
    await this.dataSource.manager.query(
      `UPDATE triggered_starts SET workflow_started = true WHERE instance_id = $1`,
      [instanceId],
    );
  }
}
