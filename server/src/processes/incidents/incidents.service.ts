import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Client as TemporalClient } from '@temporalio/client';
import { DataSource, In } from 'typeorm';
import { retryIncidentUpdate } from '#workflows/temporal/contract';
import { AuthUser } from '#server/auth/auth-user';
import { AccessPolicy } from '#server/common/access/access-policy.service';
import { FLOWCARD_CONFIG, FlowcardConfig } from '#server/common/config';
import { notFound } from '#server/common/errors/common.errors';
import { paginate } from '#server/common/pagination';
import { Client } from '#server/crm/clients/client.entity';
import { TEMPORAL_CLIENT } from '#server/temporal/temporal.module';
import { ProcessDefinition } from '../definitions/process-definition.entity';
import { InstancesService } from '../instances/instances.service';
import { ProcessInstance } from '../instances/process-instance.entity';
import { runInstanceUpdate } from '../workflow-errors';
import { ListIncidentsQuery } from './incident.dto';
import { Incident } from './incident.entity';
import { incidentError } from './incidents.errors';

@Injectable()
export class IncidentsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: TemporalClient,
    @Inject(FLOWCARD_CONFIG) private readonly config: FlowcardConfig,
    private readonly access: AccessPolicy,
    private readonly instances: InstancesService,
  ) {}

  /** The incidents of the instances the caller may read, newest first unless `order` says. */
  async list(query: ListIncidentsQuery, caller: AuthUser) {
    const builder = this.dataSource.manager
      .createQueryBuilder(Incident, 'incident')
      .innerJoin(ProcessInstance, 'instance', 'instance.id = incident.instance_id')
      .innerJoin(ProcessDefinition, 'definition', 'definition.id = instance.definition_id')
      .leftJoin(Client, 'client', 'client.id = instance.client_id');
    await this.access.scopeInstances(builder, caller, 'instance', 'client');
    if (query.definitionKey) {
      builder.andWhere('definition.key = :key', { key: query.definitionKey });
    }
    if (query.elementId) {
      builder.andWhere('incident.element_id = :elementId', { elementId: query.elementId });
    }
    if (query.open !== undefined) {
      builder.andWhere(
        query.open === 'true' ? 'incident.resolved_at IS NULL' : 'incident.resolved_at IS NOT NULL',
      );
    }
    const page = await paginate(
      builder,
      { ...query, order: query.order ?? 'desc' },
      {
        sortColumn: 'incident.created_at',
        idColumn: 'incident.id',
        sortKey: (incident) => incident.createdAt,
      },
    );
    const instanceIds = [...new Set(page.items.map((incident) => incident.instanceId))];
    const instances = instanceIds.length
      ? await this.dataSource.manager.find(ProcessInstance, {
          where: { id: In(instanceIds) },
          relations: { definition: true },
          select: { id: true, clientId: true, definition: { id: true, key: true } },
        })
      : [];
    const byId = new Map(instances.map((instance) => [instance.id, instance]));
    return {
      ...page,
      items: page.items.map((incident) => {
        const instance = byId.get(incident.instanceId);
        return {
          ...incident,
          definitionKey: instance?.definition?.key ?? '',
          clientId: instance?.clientId ?? null,
        };
      }),
    };
  }

  /**
   * Retries the step an open incident holds, with the instance's variables as they are now;
   * answers the instance card once the step ran (it may have raised a new incident).
   */
  async retry(instanceId: string, incidentId: string, caller: AuthUser) {
    const instance = await this.dataSource.manager.findOneBy(ProcessInstance, { id: instanceId });
    if (!instance) throw notFound('Process instance', instanceId);
    await this.access.assertMayChangeInstance(caller, instance);
    const incident = await this.dataSource.manager.findOneBy(Incident, {
      id: incidentId,
      instanceId,
    });
    if (!incident) throw notFound('Incident', incidentId);
    if (incident.resolvedAt) {
      throw incidentError('INCIDENT_NOT_OPEN', `The incident was ${incident.resolution} already`);
    }
    await runInstanceUpdate(this.temporal, this.config.engineCallTimeoutMs, () =>
      this.temporal.workflow.getHandle(instance.workflowId).executeUpdate(retryIncidentUpdate, {
        args: [{ incidentKey: incident.key, by: caller.id }],
        // A retried request joins the first retry instead of retrying the step twice.
        updateId: `retry:${incident.id}`,
      }),
    );
    return this.instances.card(instanceId, caller);
  }
}
