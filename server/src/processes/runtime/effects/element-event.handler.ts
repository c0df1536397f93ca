import { events } from '#server/events/catalogue';
import type { EffectHandler } from './effect-batch';

/** An element a token entered or left: an instance event only, for the live views. */
export const elementEventHandler: EffectHandler<
  'elementStarted' | 'elementCompleted' | 'elementTerminated'
> = async (batch, effect) => {
  const element = {
    elementKind: effect.elementKind,
    elementName: effect.elementName,
    tokenId: effect.tokenId,
  };
  const event = {
    elementStarted: events.elementStarted,
    elementCompleted: events.elementCompleted,
    elementTerminated: events.elementTerminated,
  }[effect.type](element);
  await batch.event(effect.key, event, effect.elementId);
};
