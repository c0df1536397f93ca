import type { EffectHandler } from './effect-batch';

/** An element a token entered or left: an instance event only, for the live views. */
export const elementEventHandler: EffectHandler<'elementStarted' | 'elementCompleted'> = async (
  batch,
  effect,
) => {
  batch.event(
    effect.key,
    effect.type === 'elementStarted' ? 'element.started' : 'element.completed',
    effect.elementId,
    {
      elementKind: effect.elementKind,
      elementName: effect.elementName,
      tokenId: effect.tokenId,
    },
  );
};
