import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Client as TemporalClient } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { deliverMessageUpdate } from '#workflows/temporal/contract';
import { AuthUser } from '#server/auth/auth-user';
import { AccessPolicy } from '#server/common/access/access-policy.service';
import { FLOWCARD_CONFIG, FlowcardConfig } from '#server/common/config';
import { Client } from '#server/crm/clients/client.entity';
import { TEMPORAL_CLIENT } from '#server/temporal/temporal.module';
import { ProcessDefinition } from '../definitions/process-definition.entity';
import { insertInstance } from '../instances/instance-start';
import { InstancesService } from '../instances/instances.service';
import { ProcessInstance } from '../instances/process-instance.entity';
import { latestStartsByMessage } from '../triggers/start-events';
import { runInstanceUpdate } from '../workflow-errors';
import { SendMessageDto } from './message.dto';
import { MessageDeliveryResponse } from './message.response';
import { MessageWait } from './message-wait.entity';
import { messageError } from './messages.errors';

/**
 * Delivers a message to the instance waiting for it, else starts the process whose message
 * start event has its name. Messages are not buffered: one sent before any instance waits
 * for it, with no process starting with it, is refused with a 404.
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
   * caller may see; returns once the instance's next steps are committed.
   */
  async send(dto: SendMessageDto, caller: AuthUser): Promise<MessageDeliveryResponse> {
    const query = this.dataSource.manager
      .createQueryBuilder(MessageWait, 'wait')
      .innerJoin(ProcessInstance, 'instance', 'instance.id = wait.instance_id')
      .leftJoin(Client, 'client', 'client.id = instance.client_id')
      .where('wait.status = :open', { open: 'open' })
      // An instance failed by the worker (a step the database refused) leaves its waits open.
      .andWhere('instance.status = :running', { running: 'running' })
      .andWhere('wait.message_name = :name', { name: dto.name })
      .andWhere('wait.correlation_key = :key', { key: dto.correlationKey });
    await this.access.scopeInstances(query, caller, 'instance', 'client');
    const wait = await query.orderBy('wait.created_at').addOrderBy('wait.id').getOne();
    if (!wait) return this.startByMessage(dto, caller);
    const instance = await this.dataSource.manager.findOneByOrFail(ProcessInstance, {
      id: wait.instanceId,
    });
    await this.access.assertMaySendMessage(caller, instance);
    const result = await runInstanceUpdate(this.temporal, this.config.engineCallTimeoutMs, () =>
      this.temporal.workflow.getHandle(instance.workflowId).executeUpdate(deliverMessageUpdate, {
        args: [{ waitKey: wait.waitKey, variables: dto.variables ?? {} }],
        // A delivery retried after a timeout joins the first one: the wait is met once.
        updateId: `message:${wait.waitKey}`,
      }),
    );
    return {
      instanceId: instance.id,
      elementId: wait.elementId,
      status: result.status,
      started: false,
    };
  }

  /** Starts the latest version of the one process whose message start event has the name. */
  private async startByMessage(
    dto: SendMessageDto,
    caller: AuthUser,
  ): Promise<MessageDeliveryResponse> {
    const starts = await latestStartsByMessage(this.dataSource.manager, dto.name);
    if (starts.length === 0) {
      throw messageError(
        'MESSAGE_NOT_CORRELATED',
        `No process instance you may see waits for message "${dto.name}" with correlation key "${dto.correlationKey}", and no process starts with it`,
      );
    }
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
      instanceId: instance.id,
      elementId: start.elementId,
      status: 'running',
      started: true,
    };
  }
}
