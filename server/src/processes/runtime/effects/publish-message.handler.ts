import { messageTimeToLiveMs } from '#server/common/config';
import {
  lockCorrelation,
  recordPublishedMessage,
} from '#server/processes/messages/message-correlation';
import type { EffectHandler } from './effect-batch';

/**
 * Stores the message the instance published in the batch's transaction, under the effect's
 * key: the message relay delivers it once the batch commits, and never when it does not. It
 * stays buffered for the default time to live (FLOWCARD_MESSAGE_TTL) when nobody waits for it.
 */
export const publishMessageHandler: EffectHandler<'publishMessage'> = async (batch, effect) => {
  await lockCorrelation(batch.manager, effect.messageName, effect.correlationKey);
  await recordPublishedMessage(batch.manager, {
    messageName: effect.messageName,
    correlationKey: effect.correlationKey,
    messageId: effect.key,
    variables: effect.variables,
    publishedById: null,
    timeToLiveMs: messageTimeToLiveMs(),
  });
};
