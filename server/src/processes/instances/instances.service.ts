import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Client as TemporalClient } from '@temporalio/client';
import { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';
import { cancelInstanceUpdate, changeVariablesUpdate } from '#workflows/temporal/contract';
import { AuthUser } from '#server/auth/auth-user';
import { AccessPolicy } from '#server/common/access/access-policy.service';
import { notFound } from '#server/common/errors/common.errors';
import { DomainException } from '#server/common/errors/domain-exception';
import { instanceError } from './instances.errors';
import { paginate } from '#server/common/pagination';
import { entityFromJson } from '#server/common/persistence';
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
import { DefinitionSummary, definitionSummary, joinDefinitionSummary } from './definition-summary';

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
    if (dto.definitionId) return this.definitions.deployed(dto.definitionId);
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
    const manager = this.dataSource.manager;
    // One statement, so one snapshot: read apart, a step committing between the instance row and
    // its events showed the step's events beside the variables from before it.
    const [row]: CardRow[] = await manager.query(CARD_SQL, [id]);
    if (!row) throw notFound('Process instance', id);
    const instance = entityFromJson(manager, ProcessInstance, row.instance);
    await this.access.assertMayReadInstance(caller, {
      ...instance,
      clientOwnerId: row.client?.ownerId ?? null,
    });
    const rows = <T extends ObjectLiteral>(entity: EntityTarget<T>, list: JsonRow[]) =>
      list.map((item) => entityFromJson(manager, entity, item));
    return {
      ...instance,
      definition: row.definition,
      client: row.client && { id: row.client.id, name: row.client.name, status: row.client.status },
      openTasks: rows(UserTask, row.open_tasks),
      incidents: rows(Incident, row.incidents),
      events: rows(InstanceEvent, row.events),
      calledInstances: row.called_instances,
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

type JsonRow = Record<string, unknown>;

interface CardRow {
  instance: JsonRow;
  definition: DefinitionSummary | null;
  /** Null for a deleted client. */
  client: { id: string; name: string; status: string; ownerId: string | null } | null;
  open_tasks: JsonRow[];
  incidents: JsonRow[];
  events: JsonRow[];
  called_instances: {
    id: string;
    elementId: string;
    definitionKey: string;
    version: number;
    status: ProcessInstance['status'];
  }[];
}

/**
 * The card's instance with its version's summary (never its XML and model), its client (not
 * deleted), open tasks, incidents, events and called instances, in one round trip.
 */
const CARD_SQL = `
  SELECT to_jsonb(instance) AS instance,
         CASE WHEN definition.id IS NOT NULL THEN jsonb_build_object(
           'id', definition.id, 'key', definition.key, 'name', definition.name,
           'version', definition.version) END AS definition,
         CASE WHEN client.id IS NOT NULL THEN jsonb_build_object(
           'id', client.id, 'name', client.name, 'status', client.status,
           'ownerId', client.owner_id) END AS client,
         (SELECT coalesce(jsonb_agg(task ORDER BY task.created_at), '[]')
            FROM user_tasks task
           WHERE task.instance_id = instance.id AND task.status = 'open') AS open_tasks,
         (SELECT coalesce(jsonb_agg(incident ORDER BY incident.created_at, incident.id), '[]')
            FROM incidents incident WHERE incident.instance_id = instance.id) AS incidents,
         (SELECT coalesce(jsonb_agg(to_jsonb(event) || jsonb_build_object('id', event.id::text)
                                    ORDER BY event.id), '[]')
            FROM instance_events event WHERE event.instance_id = instance.id) AS events,
         (SELECT coalesce(jsonb_agg(jsonb_build_object(
                   'id', called.id, 'elementId', coalesce(called.parent_element_id, ''),
                   'definitionKey', coalesce(version.key, ''),
                   'version', coalesce(version.version, 0), 'status', called.status)
                 ORDER BY called.started_at), '[]')
            FROM process_instances called
            LEFT JOIN process_definitions version ON version.id = called.definition_id
           WHERE called.parent_instance_id = instance.id) AS called_instances
    FROM process_instances instance
    LEFT JOIN process_definitions definition ON definition.id = instance.definition_id
    LEFT JOIN clients client ON client.id = instance.client_id AND client.deleted_at IS NULL
   WHERE instance.id = $1`;
