import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Client as TemporalClient } from '@temporalio/client';
import { DataSource, EntityManager } from 'typeorm';
import { AuthUser } from '#server/auth/auth-user';
import { AccessPolicy } from '#server/common/access/access-policy.service';
import { FLOWCARD_CONFIG, FlowcardConfig, timeToLiveMs } from '#server/common/config';
import { Client } from '#server/crm/clients/client.entity';
import { TEMPORAL_CLIENT } from '#server/temporal/temporal.module';
import { ProcessDefinition } from '../definitions/process-definition.entity';
import { insertInstance } from '../instances/instance-start';
import { InstancesService } from '../instances/instances.service';
import { ProcessInstance } from '../instances/process-instance.entity';
import { latestStartsByMessage, StartEventBinding } from '../triggers/start-events';
import { SendMessageDto } from './message.dto';
import { MessageDeliveryResponse } from './message.response';
import {
  isStillPublished,
  lockCorrelation,
  MessageRecord,
  recordMessage,
} from './message-correlation';
import { deliverToWait } from './message-delivery';
import { MessageWait } from './message-wait.entity';
import { messageError } from './messages.errors';

/** What a message meets: an instance waiting for it, processes starting with it, or neither. */
type Correlation =
  { wait: MessageWait } | { starts: StartEventBinding[] } | { buffered: { expiresAt: Date } };

/**
 * Delivers a message to the instance waiting for it, else starts the process whose message
 * start event has its name, else keeps it for its time to live (`buffered_messages`) for the
 * next instance that waits for its name and key, as Zeebe does; with no time to live it is
 * refused with a 404. A `messageId` is refused a second time while its message lives.
 */
@Injectable()
export class MessagesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: TemporalClient,
    @Inject(FLOWCARD_CONFIG) private readonly config: FlowcardConfig,
    private readonly access: AccessPolicy,
    private readonly instances: InstancesService,
  ) {}

  /**
   * Delivers to the instance that has waited longest for this name and key among those the
   * caller may see and returns once the instance's next steps are committed; or starts an
   * instance; or buffers the message.
   */
  async send(dto: SendMessageDto, caller: AuthUser): Promise<MessageDeliveryResponse> {
    const message: MessageRecord = {
      messageName: dto.name,
      correlationKey: dto.correlationKey,
      messageId: dto.messageId ?? null,
      variables: dto.variables ?? {},
      publishedById: caller.id,
      // Absent or null (the document allows both for an optional field): the default.
      timeToLiveMs:
        dto.timeToLive === undefined || dto.timeToLive === null
          ? this.config.messageTimeToLiveMs
          : timeToLiveMs(dto.timeToLive),
    };
    // Decided under the correlation lock, carried out after the commit: an instance opening its
    // wait meanwhile is either found waiting here or finds the message buffered.
    const correlation = await this.dataSource.transaction((manager) =>
      this.correlate(manager, message, caller),
    );
    if ('buffered' in correlation) {
      return {
        outcome: 'buffered',
        instanceId: null,
        elementId: null,
        started: false,
        status: null,
        expiresAt: correlation.buffered.expiresAt,
      };
    }
    const answer =
      'wait' in correlation
        ? await this.deliver(correlation.wait, dto, caller)
        : await this.startByMessage(correlation.starts, dto, caller);
    if (message.messageId !== null && message.timeToLiveMs > 0) {
      await recordMessage(this.dataSource.manager, message, 'delivered');
    }
    return answer;
  }

  private async correlate(
    manager: EntityManager,
    message: MessageRecord,
    caller: AuthUser,
  ): Promise<Correlation> {
    const { messageName, correlationKey, messageId } = message;
    await lockCorrelation(manager, messageName, correlationKey);
    if (
      messageId !== null &&
      (await isStillPublished(manager, messageName, correlationKey, messageId))
    ) {
      throw messageError(
        'MESSAGE_ALREADY_PUBLISHED',
        `Message "${messageName}" with correlation key "${correlationKey}" and id "${messageId}" was already published and has not expired`,
      );
    }
    const query = manager
      .createQueryBuilder(MessageWait, 'wait')
      .innerJoin(ProcessInstance, 'instance', 'instance.id = wait.instance_id')
      .leftJoin(Client, 'client', 'client.id = instance.client_id')
      .where('wait.status = :open', { open: 'open' })
      // An instance failed by the worker (a step the database refused) leaves its waits open.
      .andWhere('instance.status = :running', { running: 'running' })
      .andWhere('wait.message_name = :name', { name: messageName })
      .andWhere('wait.correlation_key = :key', { key: correlationKey });
    await this.access.scopeInstances(query, caller, 'instance', 'client', manager);
    const wait = await query.orderBy('wait.created_at').addOrderBy('wait.id').getOne();
    if (wait) return { wait };
    const starts = await latestStartsByMessage(manager, messageName);
    if (starts.length > 0) return { starts };
    if (message.timeToLiveMs > 0) {
      return { buffered: { expiresAt: await recordMessage(manager, message, 'buffered') } };
    }
    throw messageError(
      'MESSAGE_NOT_CORRELATED',
      `No process instance you may see waits for message "${messageName}" with correlation key "${correlationKey}", and no process starts with it`,
    );
  }

  private async deliver(
    wait: MessageWait,
    dto: SendMessageDto,
    caller: AuthUser,
  ): Promise<MessageDeliveryResponse> {
    const instance = await this.dataSource.manager.findOneByOrFail(ProcessInstance, {
      id: wait.instanceId,
    });
    await this.access.assertMaySendMessage(caller, instance);
    const result = await deliverToWait(this.temporal, this.config.engineCallTimeoutMs, {
      workflowId: instance.workflowId,
      waitKey: wait.waitKey,
      variables: dto.variables ?? {},
    });
    return {
      outcome: 'delivered',
      instanceId: instance.id,
      elementId: wait.elementId,
      status: result.status,
      started: false,
      expiresAt: null,
    };
  }

  /** Starts the latest version of the one process whose message start event has the name. */
  private async startByMessage(
    starts: StartEventBinding[],
    dto: SendMessageDto,
    caller: AuthUser,
  ): Promise<MessageDeliveryResponse> {
    if (starts.length > 1) {
      const keys = starts.map((start) => start.definitionKey);
      throw messageError(
        'MESSAGE_START_AMBIGUOUS',
        `Several processes start with message "${dto.name}": ${keys.join(', ')}`,
        keys,
      );
    }
    const [start] = starts;
    const definition = await this.dataSource.manager.findOneByOrFail(ProcessDefinition, {
      id: start.definitionId,
    });
    const instance = await this.dataSource.transaction((manager) =>
      insertInstance(manager, {
        definition,
        clientId: null,
        variables: dto.variables ?? {},
        startedById: caller.id,
      }),
    );
    await this.instances.launch(instance, definition.model);
    return {
      outcome: 'started',
      instanceId: instance.id,
      elementId: start.elementId,
      status: 'running',
      started: true,
      expiresAt: null,
    };
  }
}
