import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { recordUserAudit, saveAudited } from '#server/audit/audit';
import { AuthUser } from '#server/auth/auth-user';
import { AccessPolicy } from '#server/common/access/access-policy.service';
import { userError } from '#server/users/users.errors';
import { dealError } from './deals.errors';
import { Page, PageQuery, paginate } from '#server/common/pagination';
import { User } from '#server/users/user.entity';
import { ClientsService } from '../clients/clients.service';
import { DealStageChange } from './deal-stage-change.entity';
import { changeDealStage, createDeal } from './deal-operations';
import { startingStage } from './deal-rules';
import { findLiveDeal, liveDeals } from './live-deals';
import { Deal } from './deal.entity';
import {
  BoardQuery,
  CreateDealDto,
  DealSort,
  ListDealsQuery,
  LoseDealDto,
  MoveDealDto,
  UpdateDealDto,
} from './deal.dto';
import { toMoneyAmount } from './money';
import { PipelineStage, StageKind } from './pipeline-stage.entity';
import { PipelinesService, PipelineView } from './pipelines.service';

/** A deal as the API answers it: `probability` is the effective one, the override or the stage's. */
export type DealView = Omit<Deal, 'probability'> & {
  probability: number;
  probabilityOverride: number | null;
  stage: { id: string; name: string; kind: StageKind; position: number };
};

export interface DealHistoryEntry extends DealStageChange {
  fromStageName: string | null;
  toStageName: string;
}

export interface BoardColumn {
  stage: PipelineStage;
  count: number;
  /** Sums per currency, as exact decimal strings: amounts in different currencies do not add up. */
  amountByCurrency: Record<string, string>;
  /** The newest `dealsPerStage` deals of the stage. */
  deals: DealView[];
}

const SORTS: Record<DealSort, { column: string; key: (deal: Deal) => unknown }> = {
  createdAt: {
    column: 'deal.created_at',
    key: (deal) => deal.createdAt,
  },
  amount: { column: 'deal.amount', key: (deal) => deal.amount },
  // Deals without a date come last in ascending order instead of dropping out of the keyset.
  expectedCloseDate: {
    column: "COALESCE(deal.expected_close_date, CAST('infinity' AS date))",
    key: (deal) => deal.expectedCloseDate ?? 'infinity',
  },
};

/**
 * Deals move through the stages of their pipeline. Every move, the first placement included,
 * is a `deal_stage_changes` row written with the deal, audited and announced as
 * `deal.stage_changed` in the same transaction (deal-operations.ts). A won or lost stage closes the deal; moving
 * it back to an open stage reopens it. Access follows the deal's owner; a deal of a deleted
 * client is not found (`liveDeals`).
 */
@Injectable()
export class DealsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessPolicy,
    private readonly pipelines: PipelinesService,
    private readonly clients: ClientsService,
  ) {}

  async create(dto: CreateDealDto, caller: AuthUser): Promise<DealView> {
    const deal = await this.dataSource.transaction(async (manager) => {
      const client = await this.clients.lockForNewRecord(manager, dto.clientId, caller, 'read');
      const ownerId = dto.ownerId ?? caller.id;
      await this.assertMayOwn(manager, caller, ownerId);
      const stage = await startingStage(manager, dto);
      return createDeal(
        manager,
        { userId: caller.id },
        {
          clientId: client.id,
          stageId: stage.id,
          title: dto.title,
          amount: dto.amount == null ? '0.00' : toMoneyAmount(dto.amount)!,
          currency: dto.currency ?? 'EUR',
          expectedCloseDate: dto.expectedCloseDate ?? null,
          probability: dto.probability ?? null,
          ownerId,
        },
      );
    });
    return this.view(deal);
  }

  async get(id: string, caller: AuthUser): Promise<DealView> {
    const deal = await findLiveDeal(this.dataSource.manager, id);
    await this.access.assertReadable(caller, deal.ownerId, 'Deal', id);
    return this.view(deal);
  }

  async list(query: ListDealsQuery, caller: AuthUser): Promise<Page<DealView>> {
    const builder = liveDeals(this.dataSource.manager);
    await this.access.scope(builder, caller, 'deal.owner_id');
    const owner = query.owner === 'me' ? caller.id : query.owner;
    if (query.pipelineId)
      builder.andWhere('deal.pipeline_id = :pipelineId', { pipelineId: query.pipelineId });
    if (query.stageId) builder.andWhere('deal.stage_id = :stageId', { stageId: query.stageId });
    if (query.status) builder.andWhere('deal.status = :status', { status: query.status });
    if (owner) builder.andWhere('deal.owner_id = :owner', { owner });
    if (query.clientId)
      builder.andWhere('deal.client_id = :clientId', { clientId: query.clientId });
    if (query.amountMin !== undefined)
      builder.andWhere('deal.amount >= :amountMin', { amountMin: toMoneyAmount(query.amountMin) });
    if (query.amountMax !== undefined)
      builder.andWhere('deal.amount <= :amountMax', { amountMax: toMoneyAmount(query.amountMax) });
    if (query.closeFrom)
      builder.andWhere('deal.expected_close_date >= :closeFrom', { closeFrom: query.closeFrom });
    if (query.closeTo)
      builder.andWhere('deal.expected_close_date <= :closeTo', { closeTo: query.closeTo });
    const sort = SORTS[query.sort ?? 'createdAt'];
    const page = await paginate(builder, query, {
      sortColumn: sort.column,
      idColumn: 'deal.id',
      sortKey: sort.key,
    });
    return { items: await this.views(page.items), nextCursor: page.nextCursor };
  }

  async update(id: string, dto: UpdateDealDto, caller: AuthUser): Promise<DealView> {
    const deal = await this.dataSource.transaction(async (manager) => {
      const deal = await this.lockWritable(manager, id, caller);
      if (dto.ownerId !== undefined && dto.ownerId !== deal.ownerId) {
        await this.assertMayOwn(manager, caller, dto.ownerId);
      }
      const after: Deal = {
        ...deal,
        title: dto.title ?? deal.title,
        amount: dto.amount === undefined ? deal.amount : toMoneyAmount(dto.amount)!,
        currency: dto.currency ?? deal.currency,
        expectedCloseDate:
          dto.expectedCloseDate === undefined ? deal.expectedCloseDate : dto.expectedCloseDate,
        probability: dto.probability === undefined ? deal.probability : dto.probability,
        ownerId: dto.ownerId ?? deal.ownerId,
      };
      return saveAudited(manager, Deal, 'deal', deal, after, caller);
    });
    return this.view(deal);
  }

  async remove(id: string, caller: AuthUser): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const deal = await this.lockWritable(manager, id, caller);
      await manager.delete(Deal, { id });
      await recordUserAudit(manager, caller, [
        { entityType: 'deal', entityId: id, action: 'delete', before: deal },
      ]);
    });
  }

  /** Moves the deal to another stage of its pipeline; a won stage closes it won. */
  async moveToStage(id: string, dto: MoveDealDto, caller: AuthUser): Promise<DealView> {
    const deal = await this.dataSource.transaction(async (manager) => {
      await this.lockWritable(manager, id, caller);
      return changeDealStage(manager, { userId: caller.id }, { dealId: id, stageId: dto.stageId });
    });
    return this.view(deal);
  }

  /** Moves the deal to its pipeline's lost stage with the reason. */
  async lose(id: string, dto: LoseDealDto, caller: AuthUser): Promise<DealView> {
    const deal = await this.dataSource.transaction(async (manager) => {
      const deal = await this.lockWritable(manager, id, caller);
      if (deal.status === 'lost')
        throw dealError('DEAL_ALREADY_LOST', `Deal ${id} is already lost`);
      const stage = await manager.findOne(PipelineStage, {
        where: { pipelineId: deal.pipelineId, kind: 'lost' },
        order: { position: 'ASC' },
      });
      if (!stage) throw dealError('NO_LOST_STAGE', "The deal's pipeline has no lost stage");
      return changeDealStage(
        manager,
        { userId: caller.id },
        {
          dealId: id,
          stageId: stage.id,
          lostReason: dto.reason,
        },
      );
    });
    return this.view(deal);
  }

  async history(id: string, query: PageQuery, caller: AuthUser): Promise<Page<DealHistoryEntry>> {
    const deal = await this.get(id, caller);
    const manager = this.dataSource.manager;
    const [page, stages] = await Promise.all([
      paginate(
        manager.createQueryBuilder(DealStageChange, 'change').where('change.deal_id = :id', { id }),
        query,
        {
          sortColumn: 'change.changed_at',
          idColumn: 'change.id',
          sortKey: (change) => change.changedAt,
        },
      ),
      this.pipelines.stagesOf(manager, deal.pipelineId),
    ]);
    const names = new Map(stages.map((stage) => [stage.id, stage.name]));
    return {
      items: page.items.map((change) => ({
        ...change,
        fromStageName: change.fromStageId ? (names.get(change.fromStageId) ?? null) : null,
        toStageName: names.get(change.toStageId)!,
      })),
      nextCursor: page.nextCursor,
    };
  }

  /** The deals the caller may read, by stage of the pipeline, with counts and sums. */
  async board(
    pipelineId: string,
    query: BoardQuery,
    caller: AuthUser,
  ): Promise<{ pipeline: Omit<PipelineView, 'stages'>; columns: BoardColumn[] }> {
    const { stages, ...pipeline } = await this.pipelines.get(pipelineId);
    const manager = this.dataSource.manager;
    const totalsQuery = liveDeals(manager)
      .select('deal.stage_id', 'stageId')
      .addSelect('deal.currency', 'currency')
      .addSelect('COUNT(*)::int', 'count')
      .addSelect('SUM(deal.amount)::text', 'amount')
      .where('deal.pipeline_id = :pipelineId', { pipelineId })
      .groupBy('deal.stage_id')
      .addGroupBy('deal.currency');
    await this.access.scope(totalsQuery, caller, 'deal.owner_id');
    const totals: { stageId: string; currency: string; count: number; amount: string }[] =
      await totalsQuery.getRawMany();
    const dealsByStage = await Promise.all(
      stages.map(async (stage) => {
        const dealsQuery = liveDeals(manager)
          .where('deal.stage_id = :stageId', { stageId: stage.id })
          .orderBy('deal.created_at', 'DESC')
          .addOrderBy('deal.id', 'DESC')
          // `limit`, not `take`: with a join, `take` pages through a second query, and each deal
          // joins exactly one client, so LIMIT is exact.
          .limit(query.dealsPerStage ?? 50);
        await this.access.scope(dealsQuery, caller, 'deal.owner_id');
        return dealsQuery.getMany();
      }),
    );
    return {
      pipeline,
      columns: stages.map((stage, index) => {
        const stageTotals = totals.filter((total) => total.stageId === stage.id);
        return {
          stage,
          count: stageTotals.reduce((sum, total) => sum + total.count, 0),
          amountByCurrency: Object.fromEntries(
            stageTotals.map((total) => [total.currency, toMoneyAmount(total.amount)!]),
          ),
          deals: dealsByStage[index].map((deal) => toView(deal, stage)),
        };
      }),
    };
  }

  private async lockWritable(manager: EntityManager, id: string, caller: AuthUser): Promise<Deal> {
    const deal = await findLiveDeal(manager, id, 'pessimistic_write');
    await this.access.assertWritable(caller, deal.ownerId, 'Deal', id, manager);
    return deal;
  }

  /** The caller may give deals to this user, and the user exists and is active. */
  private async assertMayOwn(
    manager: EntityManager,
    caller: AuthUser,
    ownerId: string,
  ): Promise<void> {
    await this.access.assertMayAssign(caller, ownerId, manager);
    if (!(await manager.existsBy(User, { id: ownerId, active: true }))) {
      throw userError('UNKNOWN_USER', `No active user ${ownerId}`);
    }
  }

  private async view(deal: Deal): Promise<DealView> {
    const stage = await this.dataSource.manager.findOneByOrFail(PipelineStage, {
      id: deal.stageId,
    });
    return toView(deal, stage);
  }

  private async views(deals: Deal[]): Promise<DealView[]> {
    if (deals.length === 0) return [];
    const stages = await this.dataSource.manager.findBy(PipelineStage, {
      id: In([...new Set(deals.map((deal) => deal.stageId))]),
    });
    const byId = new Map(stages.map((stage) => [stage.id, stage]));
    return deals.map((deal) => toView(deal, byId.get(deal.stageId)!));
  }
}

function toView(deal: Deal, stage: PipelineStage): DealView {
  return {
    ...deal,
    probability: deal.probability ?? stage.probability,
    probabilityOverride: deal.probability,
    stage: { id: stage.id, name: stage.name, kind: stage.kind, position: stage.position },
  };
}
