import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { recordUserAudit, saveAudited } from '#server/audit/audit';
import { AuthUser } from '#server/auth/auth-user';
import { notFound } from '#server/common/errors/common.errors';
import { dealError } from './deals.errors';
import { Page, PageQuery, paginate } from '#server/common/pagination';
import { findOr404, transactionOr409 } from '#server/common/persistence';
import { DealStageChange } from './deal-stage-change.entity';
import { Deal } from './deal.entity';
import { Pipeline } from './pipeline.entity';
import { PipelineStage } from './pipeline-stage.entity';
import {
  AddStageDto,
  CreatePipelineDto,
  ReorderStagesDto,
  StageInput,
  UpdatePipelineDto,
  UpdateStageDto,
} from './pipeline.dto';

export interface PipelineView {
  id: string;
  name: string;
  isDefault: boolean;
  createdAt: Date;
  stages: PipelineStage[];
}

/**
 * Pipelines and their ordered stages. Every pipeline keeps at least one open stage and exactly
 * one won and one lost stage, so a deal can always start, be won and be lost: stages added later
 * are open, and the won and lost stages cannot be removed.
 */
@Injectable()
export class PipelinesService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(query: PageQuery): Promise<Page<PipelineView>> {
    const page = await paginate(
      this.dataSource.manager.createQueryBuilder(Pipeline, 'pipeline'),
      query,
      {
        sortColumn: 'pipeline.name',
        idColumn: 'pipeline.id',
        sortKey: (pipeline) => pipeline.name,
      },
    );
    const stages = page.items.length
      ? await this.dataSource.manager.find(PipelineStage, {
          where: { pipelineId: In(page.items.map((pipeline) => pipeline.id)) },
          order: { position: 'ASC' },
        })
      : [];
    return {
      items: page.items.map((pipeline) =>
        toView(
          pipeline,
          stages.filter((stage) => stage.pipelineId === pipeline.id),
        ),
      ),
      nextCursor: page.nextCursor,
    };
  }

  async get(id: string): Promise<PipelineView> {
    const pipeline = await this.find(id);
    if (!pipeline) throw notFound('Pipeline', id);
    return pipeline;
  }

  async find(id: string, manager = this.dataSource.manager): Promise<PipelineView | null> {
    const pipeline = await manager.findOneBy(Pipeline, { id });
    return pipeline && toView(pipeline, await this.stagesOf(manager, id));
  }

  /** The pipeline deals go to when none is named. */
  async getDefault(manager: EntityManager): Promise<PipelineView> {
    const pipeline = await manager.findOneBy(Pipeline, { isDefault: true });
    if (!pipeline) {
      throw dealError(
        'NO_DEFAULT_PIPELINE',
        'No pipeline is the default; name one with pipelineId',
      );
    }
    return toView(pipeline, await this.stagesOf(manager, pipeline.id));
  }

  async create(dto: CreatePipelineDto, caller: AuthUser): Promise<PipelineView> {
    assertStageKinds(dto.stages);
    const id = await this.transaction(async (manager) => {
      await this.assertNameFree(manager, dto.name);
      if (dto.isDefault) await this.clearDefault(manager, caller);
      const pipeline = await manager.save(
        manager.create(Pipeline, { name: dto.name, isDefault: dto.isDefault ?? false }),
      );
      const stages = await manager.save(
        dto.stages.map((stage, index) =>
          manager.create(PipelineStage, { ...stage, pipelineId: pipeline.id, position: index + 1 }),
        ),
      );
      await recordUserAudit(manager, caller, [
        {
          entityType: 'pipeline',
          entityId: pipeline.id,
          action: 'create',
          after: toView(pipeline, stages),
        },
      ]);
      return pipeline.id;
    });
    return this.get(id);
  }

  async update(id: string, dto: UpdatePipelineDto, caller: AuthUser): Promise<PipelineView> {
    await this.transaction(async (manager) => {
      const pipeline = await this.lock(manager, id);
      const after = { ...pipeline };
      if (dto.name !== undefined && dto.name !== pipeline.name) {
        await this.assertNameFree(manager, dto.name);
        after.name = dto.name;
      }
      if (dto.isDefault && !pipeline.isDefault) {
        await this.clearDefault(manager, caller);
        after.isDefault = true;
      }
      await saveAudited(manager, Pipeline, 'pipeline', pipeline, after, caller);
    });
    return this.get(id);
  }

  async addStage(id: string, dto: AddStageDto, caller: AuthUser): Promise<PipelineView> {
    await this.dataSource.transaction(async (manager) => {
      await this.lock(manager, id);
      const stages = await this.stagesOf(manager, id);
      const afterLastOpen = stages.findLastIndex((stage) => stage.kind === 'open') + 1;
      const index = Math.min(dto.index ?? afterLastOpen, stages.length);
      // Position 0 is free: existing stages sit at 1..n until renumbered.
      const stage = await manager.save(
        manager.create(PipelineStage, {
          pipelineId: id,
          name: dto.name,
          probability: dto.probability,
          kind: 'open',
          position: 0,
        }),
      );
      const order = stages.map((existing) => existing.id);
      order.splice(index, 0, stage.id);
      await renumber(manager, id, order);
      await recordUserAudit(manager, caller, [
        {
          entityType: 'pipeline_stage',
          entityId: stage.id,
          action: 'create',
          after: { ...stage, position: index + 1 },
        },
      ]);
    });
    return this.get(id);
  }

  async updateStage(
    id: string,
    stageId: string,
    dto: UpdateStageDto,
    caller: AuthUser,
  ): Promise<PipelineView> {
    await this.dataSource.transaction(async (manager) => {
      await this.lock(manager, id);
      const stage = await this.stageOf(manager, id, stageId);
      const after = {
        ...stage,
        name: dto.name ?? stage.name,
        probability: dto.probability ?? stage.probability,
      };
      await saveAudited(manager, PipelineStage, 'pipeline_stage', stage, after, caller);
    });
    return this.get(id);
  }

  async reorderStages(id: string, dto: ReorderStagesDto, caller: AuthUser): Promise<PipelineView> {
    await this.dataSource.transaction(async (manager) => {
      await this.lock(manager, id);
      const before = (await this.stagesOf(manager, id)).map((stage) => stage.id);
      const known = new Set(before);
      if (
        dto.stageIds.length !== before.length ||
        !dto.stageIds.every((stageId) => known.has(stageId))
      ) {
        throw dealError(
          'STAGES_MISMATCH',
          'stageIds must list every stage of the pipeline exactly once',
          [{ expected: before }],
        );
      }
      if (before.every((stageId, index) => dto.stageIds[index] === stageId)) return;
      await renumber(manager, id, dto.stageIds);
      await recordUserAudit(manager, caller, [
        {
          entityType: 'pipeline',
          entityId: id,
          action: 'update',
          before: { stageIds: before },
          after: { stageIds: dto.stageIds },
        },
      ]);
    });
    return this.get(id);
  }

  async removeStage(id: string, stageId: string, caller: AuthUser): Promise<PipelineView> {
    await this.dataSource.transaction(async (manager) => {
      await this.lock(manager, id);
      const stages = await this.stagesOf(manager, id);
      const stage = await this.stageOf(manager, id, stageId);
      if (stage.kind !== 'open') {
        throw dealError('STAGE_REQUIRED', `A pipeline keeps its ${stage.kind} stage`);
      }
      if (stages.filter((other) => other.kind === 'open').length === 1) {
        throw dealError('STAGE_REQUIRED', 'A pipeline keeps at least one open stage');
      }
      const inUse =
        (await manager.existsBy(Deal, { stageId })) ||
        (await manager.existsBy(DealStageChange, { toStageId: stageId }));
      if (inUse) {
        throw dealError('STAGE_IN_USE', `Deals are or have been in stage ${stageId}; it stays`);
      }
      await manager.delete(PipelineStage, { id: stageId });
      await recordUserAudit(manager, caller, [
        { entityType: 'pipeline_stage', entityId: stageId, action: 'delete', before: stage },
      ]);
    });
    return this.get(id);
  }

  /** A transaction in which a concurrent save of the same name or default answers 409, not 500. */
  private transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return transactionOr409(
      this.dataSource,
      (constraint) =>
        constraint === 'uq_pipelines_default'
          ? dealError('DEFAULT_PIPELINE_CHANGED', 'Another pipeline was just made default')
          : dealError('PIPELINE_NAME_TAKEN', 'Another pipeline has this name'),
      work,
    );
  }

  stagesOf(manager: EntityManager, pipelineId: string): Promise<PipelineStage[]> {
    return manager.find(PipelineStage, { where: { pipelineId }, order: { position: 'ASC' } });
  }

  private async stageOf(
    manager: EntityManager,
    pipelineId: string,
    stageId: string,
  ): Promise<PipelineStage> {
    const stage = await manager.findOneBy(PipelineStage, { id: stageId, pipelineId });
    if (!stage) throw notFound('Stage', stageId);
    return stage;
  }

  /** Serializes changes to one pipeline's stages, whose positions are renumbered together. */
  private lock(manager: EntityManager, id: string): Promise<Pipeline> {
    return findOr404(manager, Pipeline, 'Pipeline', id, 'pessimistic_write');
  }

  private async assertNameFree(manager: EntityManager, name: string): Promise<void> {
    if (await manager.existsBy(Pipeline, { name })) {
      throw dealError('PIPELINE_NAME_TAKEN', `A pipeline is already named "${name}"`);
    }
  }

  private async clearDefault(manager: EntityManager, caller: AuthUser): Promise<void> {
    const current = await manager.findOne(Pipeline, {
      where: { isDefault: true },
      lock: { mode: 'pessimistic_write' },
    });
    if (!current) return;
    await saveAudited(
      manager,
      Pipeline,
      'pipeline',
      current,
      { ...current, isDefault: false },
      caller,
    );
  }
}

function toView(pipeline: Pipeline, stages: PipelineStage[]): PipelineView {
  return {
    id: pipeline.id,
    name: pipeline.name,
    isDefault: pipeline.isDefault,
    createdAt: pipeline.createdAt,
    stages,
  };
}

function assertStageKinds(stages: StageInput[]): void {
  const count = (kind: StageInput['kind']) => stages.filter((stage) => stage.kind === kind).length;
  const problems = [
    ...(count('open') < 1 ? ['at least one stage must be open'] : []),
    ...(count('won') !== 1 ? ['exactly one stage must be won'] : []),
    ...(count('lost') !== 1 ? ['exactly one stage must be lost'] : []),
  ];
  if (problems.length) {
    throw dealError('PIPELINE_INVALID', problems.join('; '), problems);
  }
}

/**
 * Gives the stages positions 1..n in `order`. Positions are unique per pipeline, so they are
 * first moved out of the way (negated) and then set in one statement.
 */
async function renumber(manager: EntityManager, pipelineId: string, order: string[]) {
  await manager.query(
    `UPDATE pipeline_stages SET position = -position - 1 WHERE pipeline_id = $1`,
    [pipelineId],
  );
  await manager.query(
    `UPDATE pipeline_stages stage SET position = target.position
       FROM unnest($2::uuid[]) WITH ORDINALITY AS target (id, position)
      WHERE stage.id = target.id AND stage.pipeline_id = $1`,
    [pipelineId, order],
  );
}
