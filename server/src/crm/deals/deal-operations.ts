/**
 * The changes of a deal's place in its pipeline, each one function that validates the data,
 * writes the deal, its `deal_stage_changes` row, the audit entry and a `deal.stage_changed` event
 * inside the caller's transaction. The API calls them once the caller's access is checked; a
 * process step can call them with its actor.
 */
import { dealError } from './deals.errors';
import { EntityManager } from 'typeorm';
import { AuditActor, recordAudit, saveAuditedBy } from '#server/audit/audit';
import { findOr404 } from '#server/common/persistence';
import { events } from '#server/events/catalogue';
import { appendEvents } from '#server/live/outbox';
import { InstanceEvent } from '#server/processes/instances/instance-event.entity';
import { Client } from '../clients/client.entity';
import { DealStageChange } from './deal-stage-change.entity';
import { Deal } from './deal.entity';
import { findLiveDeal } from './live-deals';
import { PipelineStage } from './pipeline-stage.entity';

export type NewDeal = Pick<
  Deal,
  | 'clientId'
  | 'stageId'
  | 'title'
  | 'amount'
  | 'currency'
  | 'expectedCloseDate'
  | 'probability'
  | 'ownerId'
>;

/**
 * Creates an open deal in an open stage (its pipeline is the stage's) on a client that was not
 * deleted, share-locked until the commit. Its first stage-change row has no `fromStageId`.
 * A process step gives the id (derived from its effect key): a deal with that id already there
 * is answered and nothing is written, so a retried step creates nothing twice.
 */
export async function createDeal(
  manager: EntityManager,
  actor: AuditActor,
  fields: NewDeal & { id?: string },
): Promise<Deal> {
  if (fields.id !== undefined) {
    const existing = await manager.findOneBy(Deal, { id: fields.id });
    if (existing) return existing;
  }
  await findOr404(manager, Client, 'Client', fields.clientId, 'pessimistic_read');
  const stage = await manager.findOneBy(PipelineStage, { id: fields.stageId });
  if (!stage) throw dealError('STAGE_NOT_IN_PIPELINE', `Stage ${fields.stageId} does not exist`);
  if (stage.kind !== 'open') throw dealError('STAGE_NOT_OPEN', 'A deal starts in an open stage');
  const deal = await manager.save(
    manager.create(Deal, {
      ...fields,
      pipelineId: stage.pipelineId,
      status: 'open',
      lostReason: null,
      closedAt: null,
    }),
  );
  await recordAudit(manager, [
    { actor, entityType: 'deal', entityId: deal.id, action: 'create', after: deal },
  ]);
  await recordStageChange(manager, actor, deal, null);
  return deal;
}

export interface DealStageMove {
  dealId: string;
  stageId: string;
  /** Required to move to a lost stage, and kept only there. */
  lostReason?: string | null;
  /** A process step's effect key: a retried step moves nothing twice. */
  idempotencyKey?: string;
}

/**
 * Moves the deal (locked until the commit) to another stage of its pipeline: a won or lost stage
 * closes it, an open stage reopens it. A move to the stage it is in changes nothing. 404 for a
 * missing deal or one whose client was deleted; 400 for a stage of another pipeline, or a lost
 * stage without a reason.
 */
export async function changeDealStage(
  manager: EntityManager,
  actor: AuditActor,
  move: DealStageMove,
): Promise<Deal> {
  const deal = await findLiveDeal(manager, move.dealId, 'pessimistic_write');
  const { idempotencyKey } = move;
  if (idempotencyKey !== undefined && (await manager.existsBy(InstanceEvent, { idempotencyKey }))) {
    return deal;
  }
  const stage = await manager.findOneBy(PipelineStage, { id: move.stageId });
  if (!stage || stage.pipelineId !== deal.pipelineId) {
    throw dealError(
      'STAGE_NOT_IN_PIPELINE',
      `Stage ${move.stageId} is not a stage of the deal's pipeline`,
    );
  }
  const lostReason = stage.kind === 'lost' ? (move.lostReason?.trim() ?? '') : '';
  if (stage.kind === 'lost' && !lostReason) {
    throw dealError(
      'LOST_NEEDS_REASON',
      `A deal is lost with POST /api/deals/${deal.id}/lose and a reason`,
    );
  }
  if (stage.id === deal.stageId) return deal;
  const after: Deal = {
    ...deal,
    stageId: stage.id,
    status: stage.kind,
    lostReason: lostReason || null,
    closedAt: stage.kind === 'open' ? null : new Date(),
  };
  const saved = await saveAuditedBy(manager, actor, Deal, 'deal', deal, after);
  await recordStageChange(manager, actor, saved, deal.stageId, idempotencyKey);
  return saved;
}

async function recordStageChange(
  manager: EntityManager,
  actor: AuditActor,
  deal: Deal,
  fromStageId: string | null,
  idempotencyKey?: string,
): Promise<void> {
  await manager.insert(DealStageChange, {
    dealId: deal.id,
    fromStageId,
    toStageId: deal.stageId,
    changedById: 'userId' in actor ? actor.userId : null,
  });
  await appendEvents(manager, [
    {
      ...events.dealStageChanged({
        dealId: deal.id,
        clientId: deal.clientId,
        fromStageId,
        toStageId: deal.stageId,
      }),
      actor,
      clientId: deal.clientId,
      idempotencyKey,
    },
  ]);
}
