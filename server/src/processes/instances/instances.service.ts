import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Client as TemporalClient } from '@temporalio/client';
import { DataSource, EntityManager } from 'typeorm';
import { cancelInstanceUpdate, changeVariablesUpdate } from '#workflows/temporal/contract';
import { AuthUser } from '#server/auth/auth-user';
import { AccessPolicy } from '#server/common/access/access-policy.service';
import { notFound } from '#server/common/errors/common.errors';
import { DomainException } from '#server/common/errors/domain-exception';
import { instanceError } from './instances.errors';
import { paginate } from '#server/common/pagination';
import { FLOWCARD_CONFIG, FlowcardConfig } from '#server/common/config';
import { Client } from '#server/crm/clients/client.entity';
import { ClientsService } from '#server/crm/clients/clients.service';
import { readAfterCommit } from '#server/database/database.errors';
import { TEMPORAL_CLIENT } from '#server/temporal/temporal.module';
import { DefinitionsService } from '../definitions/definitions.service';
import { Incident } from '../incidents/incident.entity';
import { UserTask } from '../tasks/user-task.entity';
import type { ExecutableModel } from '#workflows/engine/model';
import { runInstanceUpdate } from '../workflow-errors';
import { insertInstance, markStarted, startInstanceWorkflow } from './instance-start';
import { ChangeVariablesDto, ListInstancesQuery, StartInstanceDto } from './instance.dto';
import { InstanceEvent } from './instance-event.entity';
import { ProcessInstance } from './process-instance.entity';
import { definitionSummary, joinDefinitionSummary } from './definition-summary';

@Injectable()
export class InstancesService {
  private readonly logger = new Logger(InstancesService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: TemporalClient,
    @Inject(FLOWCARD_CONFIG) private readonly config: FlowcardConfig,
    private readonly definitions: DefinitionsService,
    private readonly access: AccessPolicy,
    private readonly clients: ClientsService,
  ) {}

  async start(dto: StartInstanceDto, caller: AuthUser) {
    const definition = await this.definitionToStart(dto);
    const instance = await this.dataSource.transaction(async (manager) => {
      // Locked until the commit: a concurrent delete of the client then sees the running instance
      // and refuses, or committed first and the client is not found.
      if (dto.clientId) await this.clients.lockForNewRecord(manager, dto.clientId, caller, 'write');
      return insertInstance(manager, {
        definition,
        clientId: dto.clientId ?? null,
        variables: dto.variables ?? {},
        startedById: caller.id,
      });
    });
    if (this.config.faultTestStartDelayMs > 0) {
      await new Promise((resolve) => setTimeout(resolve, this.config.faultTestStartDelayMs));
    }
    await this.launch(instance, definition.model);
    return readAfterCommit(() => this.card(instance.id, caller));
  }

  /**
   * Starts the workflow of an instance just committed as `starting` and marks it running; when
   * Temporal does not answer in time, the row stays `starting` for the starting relay.
   */
  async launch(instance: ProcessInstance, model: ExecutableModel): Promise<void> {
    try {
      await startInstanceWorkflow(
        this.temporal,
        {
          taskQueue: this.config.taskQueue,
          timeoutMs: this.config.engineCallTimeoutMs,
          historyEventsLimit: this.config.historyEventsLimit,
        },
        { id: instance.id, workflowId: instance.workflowId, model, variables: instance.variables },
      );
      await readAfterCommit(() => markStarted(this.dataSource.manager, instance.id));
    } catch (error) {
      if (!(error instanceof DomainException && error.code === 'ENGINE_UNAVAILABLE')) throw error;
      // The row stays `starting` and the card says so (202): the starting relay starts the
      // workflow once Temporal answers, under the same workflow id, so a start Temporal did
      // receive is not started twice, and the caller has no reason to send the start again.
      this.logger.warn(
        `instance ${instance.id} committed, its workflow not started yet: ${error.message}`,
      );
    }
  }

  /** The version named by id, or by key and version, else the latest version of the key. */
  private definitionToStart(dto: StartInstanceDto) {
    if (dto.definitionId) return this.definitions.get(dto.definitionId);
    if (!dto.definitionKey) {
      throw instanceError(
        'DEFINITION_REQUIRED',
        dto.version === undefined
          ? 'Give definitionId or definitionKey'
          : 'A version is named with its definitionKey',
      );
    }
    return dto.version === undefined
      ? this.definitions.latest(dto.definitionKey)
      : this.definitions.version(dto.definitionKey, dto.version);
  }

  async list(query: ListInstancesQuery, caller: AuthUser) {
    const builder = joinDefinitionSummary(
      this.dataSource.manager.createQueryBuilder(ProcessInstance, 'instance'),
      'instance',
    ).leftJoin(Client, 'client', 'client.id = instance.client_id');
    await this.access.scopeInstances(builder, caller, 'instance', 'client');
    if (query.status) builder.andWhere('instance.status = :status', { status: query.status });
    if (query.clientId)
      builder.andWhere('instance.client_id = :clientId', { clientId: query.clientId });
    if (query.definitionKey)
      builder.andWhere('definition.key = :key', { key: query.definitionKey });
    if (query.withIncident === 'true') {
      builder.andWhere(
        'EXISTS (SELECT 1 FROM incidents incident WHERE incident.instance_id = instance.id)',
      );
    }
    const page = await paginate(
      builder,
      { ...query, order: query.order ?? 'desc' },
      {
        sortColumn: 'instance.started_at',
        idColumn: 'instance.id',
        sortKey: (instance) => instance.startedAt,
      },
    );
    return {
      ...page,
      items: page.items.map(({ definition, ...row }) => ({
        ...row,
        definition: definitionSummary(definition),
      })),
    };
  }

  /** The instance card: status, variables, open tasks, incidents and every event so far. */
  async card(id: string, caller: AuthUser) {
    // One snapshot: read apart, a step committing between the instance row and its events showed
    // the step's events beside the variables from before it.
    return this.dataSource.transaction('REPEATABLE READ', (manager) =>
      this.cardIn(manager, id, caller),
    );
  }

  private async cardIn(manager: EntityManager, id: string, caller: AuthUser) {
    // The instance, its version's summary and its client (not deleted) in one round trip.
    const { entities, raw } = await joinDefinitionSummary(
      manager.createQueryBuilder(ProcessInstance, 'instance'),
      'instance',
    )
      .leftJoin(Client, 'client', 'client.id = instance.client_id AND client.deleted_at IS NULL')
      .addSelect('client.id', 'client_id')
      .addSelect('client.name', 'client_name')
      .addSelect('client.status', 'client_status')
      .addSelect('client.owner_id', 'client_owner_id')
      .where('instance.id = :id', { id })
      .getRawAndEntities<{
        client_id: string | null;
        client_name: string;
        client_status: string;
        client_owner_id: string | null;
      }>();
    const [instance] = entities;
    if (!instance) throw notFound('Process instance', id);
    const [row] = raw;
    const client =
      row.client_id === null
        ? null
        : { id: row.client_id, name: row.client_name, status: row.client_status };
    await this.access.assertMayReadInstance(
      caller,
      { ...instance, clientOwnerId: row.client_owner_id },
      manager,
    );
    // One after the other: the snapshot's one connection runs a query at a time anyway.
    const openTasks = await manager.find(UserTask, {
      where: { instanceId: id, status: 'open' },
      order: { createdAt: 'ASC' },
    });
    const incidents = await manager.find(Incident, {
      where: { instanceId: id },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
    const events = await manager.find(InstanceEvent, {
      where: { instanceId: id },
      order: { id: 'ASC' },
    });
    const called = await joinDefinitionSummary(
      manager.createQueryBuilder(ProcessInstance, 'called'),
      'called',
    )
      .where('called.parent_instance_id = :id', { id })
      .orderBy('called.started_at', 'ASC')
      .getMany();
    const { definition, ...fields } = instance;
    return {
      ...fields,
      definition: definitionSummary(definition),
      client,
      openTasks,
      incidents,
      events,
      calledInstances: called.map((calledInstance) => ({
        id: calledInstance.id,
        elementId: calledInstance.parentElementId ?? '',
        definitionKey: calledInstance.definition?.key ?? '',
        version: calledInstance.definition?.version ?? 0,
        status: calledInstance.status,
      })),
    };
  }

  async cancel(id: string, reason: string | null, caller: AuthUser) {
    const instance = await this.running(id, caller);
    await runInstanceUpdate(this.temporal, this.config.engineCallTimeoutMs, () =>
      this.temporal.workflow.getHandle(instance.workflowId).executeUpdate(cancelInstanceUpdate, {
        args: [{ by: caller.id, reason }],
        // A retried cancel joins the first one instead of queueing a second.
        updateId: `cancel:${instance.id}`,
      }),
    );
    return this.card(id, caller);
  }

  async changeVariables(id: string, dto: ChangeVariablesDto, caller: AuthUser) {
    const instance = await this.running(id, caller);
    await runInstanceUpdate(this.temporal, this.config.engineCallTimeoutMs, () =>
      this.temporal.workflow.getHandle(instance.workflowId).executeUpdate(changeVariablesUpdate, {
        args: [{ variables: dto.variables, by: caller.id }],
      }),
    );
    return this.card(id, caller);
  }

  /**
   * A running instance, or one in incident, the caller may change (cancel it, set its
   * variables: what a supervisor does to fix an incident before the retry).
   */
  private async running(id: string, caller: AuthUser): Promise<ProcessInstance> {
    const instance = await this.dataSource.manager.findOneBy(ProcessInstance, { id });
    if (!instance) throw notFound('Process instance', id);
    await this.access.assertMayChangeInstance(caller, instance);
    if (instance.status !== 'running' && instance.status !== 'incident') {
      throw instanceError('INSTANCE_NOT_RUNNING', `The instance is ${instance.status}`);
    }
    return instance;
  }
}
