import {
  claimBufferedMessage,
  lockCorrelation,
} from '#server/processes/messages/message-correlation';
import { MessageWait, OUTBOX_POSITION } from '#server/processes/messages/message-wait.entity';
import type { EffectHandler } from './effect-batch';

/**
 * A message wait the API can find by name and key; a retried batch inserts nothing. A message
 * buffered for its name and key is consumed by the wait in the same transaction and handed back
 * to the workflow with the batch's result, which delivers it at once.
 */
export const openMessageWaitHandler: EffectHandler<'openMessageWait'> = async (batch, effect) => {
  const { messageName, waitKey } = effect;
  // A CRM trigger without a key waits for events of the instance's client.
  const correlationKey = effect.correlationKey ?? (await batch.requireClient(effect.elementId)).id;
  await lockCorrelation(batch.manager, messageName, correlationKey);
  await batch.manager
    .createQueryBuilder()
    .insert()
    .into(MessageWait)
    .values({
      instanceId: batch.instance.id,
      elementId: effect.elementId,
      waitKey: effect.waitKey,
      messageName: effect.messageName,
      correlationKey,
      triggerEvent: effect.trigger?.event ?? null,
      triggerFilter: effect.trigger?.filter ?? null,
      afterEventId: effect.trigger ? () => OUTBOX_POSITION : null,
      status: 'open',
    })
    .orIgnore()
    .execute();
  const buffered = await claimBufferedMessage(
    batch.manager,
    { messageName, correlationKey, waitKey },
    batch.now,
  );
  if (buffered) batch.receivedMessages.push({ waitKey, variables: buffered });
};

/** The message arrived or the wait was cancelled; a wait already closed stays as it is. */
export const closeMessageWaitHandler: EffectHandler<'closeMessageWait'> = async (batch, effect) => {
  await batch.manager.update(
    MessageWait,
    { waitKey: effect.waitKey, status: 'open' },
    { status: effect.status, closedAt: batch.now },
  );
};
