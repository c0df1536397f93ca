import { isUUID } from 'class-validator';
import { changeDealStage } from '#server/crm/deals/deal-operations';
import { stageMoveProblems } from '#server/crm/deals/deal-rules';
import { dealError } from '#server/crm/deals/deals.errors';
import type { EffectHandler } from './effect-batch';

/**
 * Moves a deal through the same rules and operation as `POST /api/deals/{id}/move`; a deal or
 * stage the API would refuse fails the step for good, and a retried batch finds its key.
 */
export const setDealStageHandler: EffectHandler<'setDealStage'> = async (batch, effect) => {
  const problems = [
    ...(isUUID(effect.dealId) ? [] : [`deal must be a deal id (a UUID), got "${effect.dealId}"`]),
    ...stageMoveProblems(effect.stageId),
  ];
  if (problems.length > 0) {
    throw dealError('DEAL_INVALID', `step ${effect.elementId}: ${problems.join('; ')}`, problems);
  }
  await changeDealStage(batch.manager, batch.actor(effect.elementId), {
    dealId: effect.dealId,
    stageId: effect.stageId,
    idempotencyKey: effect.key,
  });
};
