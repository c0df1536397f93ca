import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Client as TemporalClient } from '@temporalio/client';
import { DataSource, EntityManager } from 'typeorm';
import { ElementMapping, unmappedElements } from '#workflows/engine/migration';
import { engineStateQuery, migrateInstanceUpdate } from '#workflows/temporal/contract';
import { AuthUser } from '#server/auth/auth-user';
import { AccessPolicy } from '#server/common/access/access-policy.service';
import { FLOWCARD_CONFIG, FlowcardConfig } from '#server/common/config';
import { Client } from '#server/crm/clients/client.entity';
import { events } from '#server/events/catalogue';
import { appendEvents } from '#server/live/outbox';
import { TEMPORAL_CLIENT } from '#server/temporal/temporal.module';
import { DefinitionsService } from '../definitions/definitions.service';
import { ProcessDefinition } from '../definitions/process-definition.entity';
import { callEngine, runInstanceUpdate } from '../workflow-errors';
import { MigrateInstancesDto } from './instance-migration.dto';
import { instanceError } from './instances.errors';
import { ProcessInstance } from './process-instance.entity';

/**
 * Moves running instances from one version of a process to another. Every instance is checked
 * against the target first (where its tokens stand, by its workflow's engine state): when one
 * would keep a token on an element the target lacks, nothing moves. Each workflow then takes
 * the new model and the mapping as an update (whose validator checks again), and its rows
 * follow: the instance's version, its open user tasks' and message waits' element ids.
 */
@Injectable()
export class InstanceMigrationService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: TemporalClient,
    @Inject(FLOWCARD_CONFIG) private readonly config: FlowcardConfig,
    private readonly definitions: DefinitionsService,
    private readonly access: AccessPolicy,
  ) {}

  async migrate(dto: MigrateInstancesDto, caller: AuthUser): Promise<{ migrated: string[] }> {
    const [from, to] = await Promise.all([
      this.definitions.get(dto.fromDefinitionId),
      this.definitions.get(dto.toDefinitionId),
    ]);
    checkMapping(from, to, dto.mapping);
    const instances = await this.runningInstances(dto, caller);
    const affected: { instanceId: string; elementIds: string[] }[] = [];
    for (const instance of instances) {
      const state = await callEngine(this.temporal, this.config.engineCallTimeoutMs, () =>
        this.temporal.workflow.getHandle(instance.workflowId).query(engineStateQuery),
      );
      const elementIds = unmappedElements(state, to.model, dto.mapping);
      if (elementIds.length > 0) affected.push({ instanceId: instance.id, elementIds });
    }
    if (affected.length > 0) {
      throw instanceError(
        'MIGRATION_MAPPING_INCOMPLETE',
        `${affected.length} instance(s) would keep a token on an element version ${to.version} lacks; map ${[
          ...new Set(affected.flatMap((entry) => entry.elementIds)),
        ].join(', ')}`,
        affected,
      );
    }
    for (const instance of instances) {
      await runInstanceUpdate(this.temporal, this.config.engineCallTimeoutMs, () =>
        this.temporal.workflow.getHandle(instance.workflowId).executeUpdate(migrateInstanceUpdate, {
          args: [{ model: to.model, mapping: dto.mapping }],
          updateId: `migrate:${instance.id}:${to.id}`,
        }),
      );
      await this.dataSource.transaction((manager) =>
        this.moveRows(manager, instance, from, to, dto.mapping, caller),
      );
    }
    return { migrated: instances.map((instance) => instance.id) };
  }

  /** The running instances of the source version the caller may see (all, or those named). */
  private async runningInstances(
    dto: MigrateInstancesDto,
    caller: AuthUser,
  ): Promise<ProcessInstance[]> {
    const query = this.dataSource.manager
      .createQueryBuilder(ProcessInstance, 'instance')
      .leftJoin(Client, 'client', 'client.id = instance.client_id')
      .where('instance.definition_id = :from', { from: dto.fromDefinitionId })
      .andWhere('instance.status = :running', { running: 'running' });
    if (dto.instanceIds) query.andWhere('instance.id IN (:...ids)', { ids: dto.instanceIds });
    await this.access.scopeInstances(query, caller, 'instance', 'client');
    return query.orderBy('instance.started_at').getMany();
  }

  private async moveRows(
    manager: EntityManager,
    instance: ProcessInstance,
    from: ProcessDefinition,
    to: ProcessDefinition,
    mapping: ElementMapping,
    caller: AuthUser,
  ): Promise<void> {
    await manager.update(ProcessInstance, { id: instance.id }, { definitionId: to.id });
    for (const [fromId, toId] of Object.entries(mapping)) {
      await manager.query(
        `UPDATE user_tasks SET element_id = $3
          WHERE instance_id = $1 AND element_id = $2 AND status = 'open'`,
        [instance.id, fromId, toId],
      );
      await manager.query(
        `UPDATE message_waits SET element_id = $3
          WHERE instance_id = $1 AND element_id = $2 AND status = 'open'`,
        [instance.id, fromId, toId],
      );
    }
    await appendEvents(manager, [
      {
        ...events.instanceMigrated({
          fromDefinitionId: from.id,
          toDefinitionId: to.id,
          mapping,
          by: caller.id,
        }),
        instanceId: instance.id,
        actor: { userId: caller.id },
      },
    ]);
  }
}

/** Two versions of one process, and a mapping onto elements the target has. */
function checkMapping(from: ProcessDefinition, to: ProcessDefinition, mapping: ElementMapping) {
  if (from.key !== to.key) {
    throw instanceError(
      'MIGRATION_MAPPING_INVALID',
      `Versions of different processes: ${from.key} and ${to.key}`,
    );
  }
  const unknown = Object.entries(mapping)
    .filter(([, toId]) => typeof toId !== 'string' || !Object.hasOwn(to.model.nodes, toId))
    .map(([fromId]) => fromId);
  if (unknown.length > 0) {
    throw instanceError(
      'MIGRATION_MAPPING_INVALID',
      `The mapping of ${unknown.join(', ')} names no element of version ${to.version}`,
      unknown,
    );
  }
}
