import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnModuleDestroy,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Client as TemporalClient } from '@temporalio/client';
import { DataSource, EntityManager } from 'typeorm';
import type { Variables } from '#workflows/engine/types';
import { FLOWCARD_CONFIG, FlowcardConfig } from '#server/common/config';
import { DomainException } from '#server/common/errors/domain-exception';
import { EventRelay } from '#server/live/event-relay.service';
import { RelayLoop, RelayPassOptions } from '#server/live/relay-loop';
import { TEMPORAL_CLIENT } from '#server/temporal/temporal.module';
import { ProcessDefinition } from '../definitions/process-definition.entity';
import { insertInstance } from '../instances/instance-start';
import { InstancesService } from '../instances/instances.service';
import { ProcessInstance } from '../instances/process-instance.entity';
import { latestStartsByMessage } from '../triggers/start-events';
import { lockCorrelation } from './message-correlation';
import { deliverToWait } from './message-delivery';
import { MessageWait } from './message-wait.entity';

/** How often the relay looks for published messages without being woken. */
const POLL_INTERVAL_MS = 5_000;
/** The elements whose completion commits with a published message. */
const PUBLISHING_KINDS: readonly string[] = ['sendTask', 'messageThrow', 'messageEndEvent'];
/** Messages taken per look. */
const CLAIM_LIMIT = 20;
/**
 * How long a message row outlives its expiry and its consumption before the relay removes it:
 * a batch retried within it gets its wait's message again (the row names the wait).
 */
const EXPIRED_KEPT = '7 days';
/** Expired rows removed per pass. */
const REMOVE_LIMIT = 1_000;

interface PendingMessage {
  id: string;
  messageName: string;
  correlationKey: string;
}

/** What the relay does after the commit: deliver to a wait, start an instance, or nothing. */
type Correlation =
  | { deliver: { wait: MessageWait; workflowId: string; variables: Variables } }
  | { launch: { instance: ProcessInstance; definition: ProcessDefinition } }
  | null;

/**
 * Delivers the messages process instances published (`buffered_messages` rows written with the
 * batch, `relay_pending`) as `POST /api/messages` does: to the instance that has waited longest
 * for the name and key, else by starting the one process with that message start event, else
 * the message stays buffered for its time to live. Woken by the completion event of the
 * publishing element, which commits with the message, and by a slow poll.
 *
 * Exactly once: the choice is made under the correlation lock and written (the message
 * consumed by the wait, or the started instance) before anything leaves the transaction; a
 * delivery that did not finish is repeated on the next pass with the same update id (it names
 * the wait), and an instance inserted but not started is started by the starting relay.
 */
@Injectable()
export class MessageRelay implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(MessageRelay.name);
  private readonly loop = new RelayLoop(
    'message relay',
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
        event.type === 'element.completed' && PUBLISHING_KINDS.includes(event.payload.elementKind),
      POLL_INTERVAL_MS,
      // A retried instance takes the messages kept for its waits during its incident.
      (event) => event.type === 'incident.resolved',
    );
  }

  onModuleDestroy(): Promise<void> {
    return this.loop.stop();
  }

  /**
   * Relays the pending published messages, the oldest first; returns how many it took. One that
   * fails (logged, still pending) does not hold back the others; the pass then throws, so the
   * loop retries it soon. A sweeping pass first removes long-expired rows and releases the
   * messages kept during incidents.
   */
  async relayPending({ sweep }: RelayPassOptions = { sweep: true }): Promise<number> {
    if (sweep) {
      await this.removeExpired();
      await this.releaseKeptMessages();
    }
    const pending = (await this.dataSource.query(
      `SELECT id, message_name AS "messageName", correlation_key AS "correlationKey"
         FROM buffered_messages WHERE relay_pending
        ORDER BY published_at, id LIMIT $1`,
      [CLAIM_LIMIT],
    )) as PendingMessage[];
    let failed = 0;
    for (const message of pending) {
      try {
        await this.relayMessage(message);
      } catch (error) {
        failed++;
        this.logger.warn(`message ${message.id} not relayed yet: ${(error as Error).message}`);
      }
    }
    if (failed > 0) throw new Error(`${failed} of ${pending.length} messages not relayed`);
    return pending.length;
  }

  /**
   * Removes the message rows long past their expiry (and consumption), a bounded number per
   * pass; an expired message reaches no wait and holds no message id.
   */
  private async removeExpired(): Promise<void> {
    await this.dataSource.query(
      `DELETE FROM buffered_messages WHERE id IN (
         SELECT id FROM buffered_messages
          WHERE NOT relay_pending AND expires_at < now() - $1::interval
            AND (consumed_at IS NULL OR consumed_at < now() - $1::interval)
          LIMIT $2)`,
      [EXPIRED_KEPT, REMOVE_LIMIT],
    );
  }

  /**
   * Marks for relay the buffered messages that an open wait of a running instance could take:
   * those kept while its instance was in incident (the engine takes no delivery then, so they
   * found no running wait, or were given back after a refusal) and not expired since.
   */
  private async releaseKeptMessages(): Promise<void> {
    await this.dataSource.query(
      `UPDATE buffered_messages b SET relay_pending = true
         FROM message_waits w JOIN process_instances i ON i.id = w.instance_id
        WHERE w.status = 'open' AND i.status = 'running'
          AND b.message_name = w.message_name AND b.correlation_key = w.correlation_key
          AND b.status = 'buffered' AND NOT b.relay_pending AND b.expires_at > now()`,
    );
  }

  private async relayMessage(message: PendingMessage): Promise<void> {
    const correlation = await this.dataSource.transaction((manager) =>
      this.correlate(manager, message),
    );
    if (correlation && 'deliver' in correlation) await this.deliver(message, correlation.deliver);
    if (correlation && 'launch' in correlation) {
      await this.instances.launch(correlation.launch.instance, correlation.launch.definition.model);
    }
  }

  private async correlate(manager: EntityManager, message: PendingMessage): Promise<Correlation> {
    const { messageName, correlationKey } = message;
    await lockCorrelation(manager, messageName, correlationKey);
    const [row] = (await manager.query(
      `SELECT status, wait_key AS "waitKey", variables FROM buffered_messages
        WHERE id = $1 AND relay_pending FOR UPDATE`,
      [message.id],
    )) as { status: string; waitKey: string | null; variables: Variables }[];
    if (!row) return null;
    const wait =
      row.waitKey === null
        ? await this.longestWaiting(manager, messageName, correlationKey)
        : await manager.findOneBy(MessageWait, { waitKey: row.waitKey });
    if (wait) {
      await manager.query(
        `UPDATE buffered_messages SET status = 'consumed', wait_key = $2, consumed_at = now()
          WHERE id = $1`,
        [message.id, wait.waitKey],
      );
      const { workflowId } = await manager.findOneByOrFail(ProcessInstance, {
        id: wait.instanceId,
      });
      return { deliver: { wait, workflowId, variables: row.variables } };
    }
    const starts =
      row.status === 'buffered' ? await latestStartsByMessage(manager, messageName) : [];
    if (starts.length > 1) {
      this.logger.warn(
        `message "${messageName}" stays buffered: several processes start with it (${starts.map((start) => start.definitionKey).join(', ')})`,
      );
    }
    await manager.query(`UPDATE buffered_messages SET relay_pending = false WHERE id = $1`, [
      message.id,
    ]);
    if (starts.length !== 1) return null;
    const definition = await manager.findOneByOrFail(ProcessDefinition, {
      id: starts[0].definitionId,
    });
    const instance = await insertInstance(manager, {
      definition,
      clientId: null,
      variables: row.variables,
      startedById: null,
    });
    await manager.query(
      `UPDATE buffered_messages SET status = 'consumed', consumed_at = now() WHERE id = $1`,
      [message.id],
    );
    return { launch: { instance, definition } };
  }

  /** The open wait of a running instance that waited longest, not met by another message. */
  private longestWaiting(
    manager: EntityManager,
    messageName: string,
    correlationKey: string,
  ): Promise<MessageWait | null> {
    return manager
      .createQueryBuilder(MessageWait, 'wait')
      .innerJoin(ProcessInstance, 'instance', 'instance.id = wait.instance_id')
      .where('wait.status = :open', { open: 'open' })
      .andWhere('instance.status = :running', { running: 'running' })
      .andWhere('wait.message_name = :name', { name: messageName })
      .andWhere('wait.correlation_key = :key', { key: correlationKey })
      .andWhere('NOT EXISTS (SELECT 1 FROM buffered_messages b WHERE b.wait_key = wait.wait_key)')
      .orderBy('wait.created_at')
      .addOrderBy('wait.id')
      .getOne();
  }

  /**
   * Delivers once: a wait no longer open (met, cancelled, instance ended) ends the relay too. A
   * wait still open whose instance was refused for an incident raised since the correlation
   * gives the message back to the buffer, for after the retry.
   */
  private async deliver(
    message: PendingMessage,
    delivery: { wait: MessageWait; workflowId: string; variables: Variables },
  ): Promise<void> {
    try {
      await deliverToWait(this.temporal, this.config.engineCallTimeoutMs, {
        workflowId: delivery.workflowId,
        waitKey: delivery.wait.waitKey,
        variables: delivery.variables,
      });
    } catch (error) {
      const missed =
        error instanceof DomainException &&
        (error.code === 'INSTANCE_REFUSED' || error.code === 'INSTANCE_NOT_RUNNING');
      if (!missed) throw error;
      if (await this.keptForIncident(message, delivery.wait)) return;
      this.logger.warn(`message ${message.id} missed its wait ${delivery.wait.waitKey}`);
    }
    await this.dataSource.query(
      `UPDATE buffered_messages SET relay_pending = false WHERE id = $1`,
      [message.id],
    );
  }

  /** Buffers the message again when its wait is still open and its instance in incident. */
  private async keptForIncident(message: PendingMessage, wait: MessageWait): Promise<boolean> {
    const kept = (await this.dataSource.query(
      // A SELECT around the UPDATE, so the query answers the rows alone.
      `WITH kept AS (
         UPDATE buffered_messages b
            SET status = 'buffered', wait_key = NULL, consumed_at = NULL, relay_pending = false
           FROM message_waits w JOIN process_instances i ON i.id = w.instance_id
          WHERE b.id = $1 AND b.wait_key = $2 AND w.wait_key = $2
            AND w.status = 'open' AND i.status = 'incident'
          RETURNING b.id
       )
       SELECT id FROM kept`,
      [message.id, wait.waitKey],
    )) as unknown[];
    return kept.length > 0;
  }
}
