import { Client } from '#server/crm/clients/client.entity';
import { createDeal } from '#server/crm/deals/deal-operations';
import { newDealProblems, startingStage } from '#server/crm/deals/deal-rules';
import { Deal } from '#server/crm/deals/deal.entity';
import { dealError } from '#server/crm/deals/deals.errors';
import { toMoneyAmount } from '#server/crm/deals/money';
import { findOr404 } from '#server/common/persistence';
import { findActiveUserId } from '#server/users/user-reference';
import { userError } from '#server/users/users.errors';
import type { EffectHandler } from './effect-batch';

/**
 * A deal through the same rules and operation as `POST /api/deals` (the DTO's constraints, the
 * starting stage, an active owner; row, stage change, audit entry, event). Its id comes from the
 * effect key, so a retried batch finds the deal and writes nothing; a value the API would refuse
 * fails the step for good (a domain refusal), naming the element.
 */
export const createDealHandler: EffectHandler<'createDeal'> = async (batch, effect) => {
  const { manager } = batch;
  if (await manager.existsBy(Deal, { id: effect.dealId })) return;
  const problems = newDealProblems({
    clientId: effect.clientId ?? undefined,
    title: effect.title,
    amount: effect.amount ?? undefined,
    currency: effect.currency ?? undefined,
    pipelineId: effect.pipelineId ?? undefined,
    stageId: effect.stageId ?? undefined,
  });
  if (problems.length > 0) {
    throw dealError('DEAL_INVALID', `step ${effect.elementId}: ${problems.join('; ')}`, problems);
  }
  const client = effect.clientId
    ? await findOr404(manager, Client, 'Client', effect.clientId)
    : await batch.requireClient(effect.elementId);
  let ownerId = client.ownerId;
  if (effect.owner !== null) {
    ownerId = await findActiveUserId(manager, effect.owner);
    if (!ownerId) {
      throw userError('UNKNOWN_USER', `step ${effect.elementId}: no active user ${effect.owner}`);
    }
  }
  const stage = await startingStage(manager, effect);
  await createDeal(manager, batch.actor(effect.elementId), {
    id: effect.dealId,
    clientId: client.id,
    stageId: stage.id,
    title: effect.title,
    amount: effect.amount === null ? '0.00' : toMoneyAmount(effect.amount)!,
    currency: effect.currency ?? 'EUR',
    expectedCloseDate: null,
    probability: null,
    ownerId,
  });
};
