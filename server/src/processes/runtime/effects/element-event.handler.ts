import { events } from '../../../events/catalogue';
import type { EffectHandler } from './effect-batch';

/** An element a token entered or left: an instance event only, for the live views. */
export const elementEventHandler: EffectHandler<'elementStarted' | 'elementCompleted'> = async (
  batch,
  effect,
) => {
  const element = {
    elementKind: effect.elementKind,
    elementName: effect.elementName,
    tokenId: effect.tokenId,
  };
  await batch.event(
    effect.key,
    effect.type === 'elementStarted'
      ? events.elementStarted(element)
      : events.elementCompleted(element),
    effect.elementId,
  );
};
