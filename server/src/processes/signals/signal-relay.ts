import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnModuleDestroy,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Client as TemporalClient } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { FLOWCARD_CONFIG, FlowcardConfig } from '#server/common/config';
import { EventRelay } from '#server/live/event-relay.service';
import { RelayLoop, RelayPassOptions } from '#server/live/relay-loop';
import { TEMPORAL_CLIENT } from '#server/temporal/temporal.module';
import { SignalBroadcast } from './signal-broadcast.entity';
import { InstancesService } from '../instances/instances.service';
import { deliverSignal, SignalDelivery, signalTargets, signalWaitsQuery } from './signal-delivery';
import { startBySignal } from './signal-starts';

/**
 * How often the relay looks for thrown signals without being woken: broadcasts whose lease ran
 * out, and any whose event the relay did not see.
 */
const POLL_INTERVAL_MS = 5_000;
/** The elements whose completion commits with a broadcast. */
const THROWING_KINDS: readonly string[] = ['signalThrow', 'signalEndEvent'];
/** Broadcasts taken per look. */
const CLAIM_LIMIT = 20;

/**
 * Delivers the signals instances threw (`signal_broadcasts`, written with the batch that threw
 * them) to every instance waiting for them when the relay takes them, and starts the processes
 * with a signal start event for them: woken by the completion
 * event of the element that threw, which commits with the broadcast. Each API process runs
 * one; a broadcast is claimed by one relay with `SKIP LOCKED` and delivered outside any
 * transaction, so no transaction waits for Temporal. A claim is a lease: a relay that stopped
 * halfway leaves it to be taken again after a minute, and the deliveries it made are not
 * repeated (the update id names the broadcast). One broadcast that fails does not hold back
 * the others: it is released, logged, and the loop retries it soon.
 */
@Injectable()
export class SignalRelay implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(SignalRelay.name);
  private readonly loop = new RelayLoop(
    'signal relay',
    (options) => this.relayPending(options),
    this.logger,
  );

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: TemporalClient,
    @Inject(FLOWCARD_CONFIG) private readonly config: FlowcardConfig,
    private readonly relay: EventRelay,
    private readonly instances: InstancesService,
  ) {}

  onApplicationBootstrap(): void {
    this.loop.start(
      this.relay,
      (event) =>
        event.type === 'element.completed' && THROWING_KINDS.includes(event.payload.elementKind),
      POLL_INTERVAL_MS,
      // A retried instance takes the signals held for it during its incident.
      (event) => event.type === 'incident.resolved',
    );
  }

  onModuleDestroy(): Promise<void> {
    return this.loop.stop();
  }

  /**
   * Claims the pending broadcasts and delivers them, the oldest first; returns how many. A
   * sweeping pass first delivers the signals held for instances that run again.
   */
  async relayPending({ sweep }: RelayPassOptions = { sweep: true }): Promise<number> {
    const heldFailed = sweep ? await this.deliverHeld() : 0;
    const [claimed] = (await this.dataSource.query(
      `UPDATE signal_broadcasts SET claimed_at = now()
        WHERE id IN (SELECT id FROM signal_broadcasts
                      WHERE delivered_at IS NULL
                        AND (claimed_at IS NULL OR claimed_at < now() - interval '1 minute')
                      ORDER BY created_at, id
                      LIMIT $1
                        FOR UPDATE SKIP LOCKED)
        RETURNING id, signal_name AS "signalName", created_at AS "createdAt"`,
      [CLAIM_LIMIT],
    )) as [{ id: string; signalName: string; createdAt: Date }[], number];
    const broadcasts = [...claimed].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
    let failed = 0;
    for (const broadcast of broadcasts) {
      try {
        await this.relayBroadcast(broadcast);
      } catch (error) {
        failed++;
        this.logger.warn(`signal ${broadcast.id} not relayed yet: ${(error as Error).message}`);
        // Released rather than left to its lease (a minute): the loop retries it soon. What it
        // delivered and started already is not repeated (the update ids and `signal_starts`).
        await this.dataSource.manager.update(
          SignalBroadcast,
          { id: broadcast.id },
          { claimedAt: null },
        );
      }
    }
    if (failed + heldFailed > 0) {
      throw new Error(
        `${failed} of ${broadcasts.length} signals and ${heldFailed} held signals not relayed`,
      );
    }
    return broadcasts.length;
  }

  private async relayBroadcast(broadcast: { id: string; signalName: string }): Promise<void> {
    const manager = this.dataSource.manager;
    const waiting = await signalTargets(signalWaitsQuery(manager, broadcast.signalName));
    const signal = { name: broadcast.signalName, variables: {}, deliveryId: broadcast.id };
    await deliverSignal(this.temporal, manager, this.config.engineCallTimeoutMs, waiting, signal);
    await startBySignal(this.dataSource, this.instances, { ...signal, startedById: null });
    await this.dataSource.manager.update(
      SignalBroadcast,
      { id: broadcast.id },
      { deliveredAt: new Date() },
    );
  }

  /**
   * Delivers the signals held for instances in incident once they run again (their retry), the
   * oldest first, under the broadcast's own delivery id; drops those of instances that ended
   * instead. A delivery refused for a new incident stays held; one that failed (logged) stays
   * too, without holding back the others; returns how many failed.
   */
  private async deliverHeld(): Promise<number> {
    const [dropped] = (await this.dataSource.query(
      `DELETE FROM held_signals h USING process_instances i
        WHERE i.id = h.instance_id AND i.status NOT IN ('running', 'incident')
        RETURNING h.delivery_id AS "deliveryId", h.instance_id AS "instanceId"`,
    )) as [{ deliveryId: string; instanceId: string }[], number];
    for (const { deliveryId, instanceId } of dropped) {
      this.logger.warn(`signal ${deliveryId} dropped: instance ${instanceId} ended in incident`);
    }
    const held = (await this.dataSource.query(
      `SELECT h.delivery_id AS "deliveryId", h.signal_name AS "name", h.variables,
              i.id AS "instanceId", i.workflow_id AS "workflowId"
         FROM held_signals h JOIN process_instances i ON i.id = h.instance_id
        WHERE i.status = 'running' ORDER BY h.created_at LIMIT $1`,
      [CLAIM_LIMIT],
    )) as (SignalDelivery & { instanceId: string; workflowId: string })[];
    let failed = 0;
    for (const { instanceId, workflowId, ...signal } of held) {
      const target = { instanceId, workflowId, status: 'running' as const };
      try {
        const outcome = await deliverSignal(
          this.temporal,
          this.dataSource.manager,
          this.config.engineCallTimeoutMs,
          [target],
          signal,
        );
        if (outcome.held.length > 0) continue;
        await this.dataSource.query(
          `DELETE FROM held_signals WHERE delivery_id = $1 AND instance_id = $2`,
          [signal.deliveryId, instanceId],
        );
      } catch (error) {
        failed++;
        this.logger.warn(
          `signal ${signal.deliveryId} held for ${instanceId} not delivered yet: ${(error as Error).message}`,
        );
      }
    }
    return failed;
  }
}
