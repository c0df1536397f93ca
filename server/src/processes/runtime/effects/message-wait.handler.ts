import { MessageWait } from '#server/processes/messages/message-wait.entity';
import type { EffectHandler } from './effect-batch';

/** A message wait the API can find by name and key; a retried batch inserts nothing. */
export const openMessageWaitHandler: EffectHandler<'openMessageWait'> = async (batch, effect) => {
  await batch.manager
    .createQueryBuilder()
    .insert()
    .into(MessageWait)
    .values({
      instanceId: batch.instance.id,
      elementId: effect.elementId,
      waitKey: effect.waitKey,
      messageName: effect.messageName,
      correlationKey: effect.correlationKey,
      status: 'open',
    })
    .orIgnore()
    .execute();
};

/** The message arrived or the wait was cancelled; a wait already closed stays as it is. */
export const closeMessageWaitHandler: EffectHandler<'closeMessageWait'> = async (batch, effect) => {
  await batch.manager.update(
    MessageWait,
    { waitKey: effect.waitKey, status: 'open' },
    { status: effect.status, closedAt: batch.now },
  );
};
