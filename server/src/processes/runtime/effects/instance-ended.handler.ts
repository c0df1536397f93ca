import { events } from '#server/events/catalogue';
import type { EffectHandler } from './effect-batch';

/** The instance completed, was cancelled or failed: its final status, variables and error. */
export const instanceEndedHandler: EffectHandler<'instanceEnded'> = async (batch, effect) => {
  await batch.updateInstance({
    status: effect.status,
    variables: effect.variables,
    error: effect.error,
    endedAt: batch.now,
  });
  await batch.event(
    effect.key,
    events.instanceEnded(effect.status, { error: effect.error }),
    effect.error?.elementId ?? null,
  );
};
