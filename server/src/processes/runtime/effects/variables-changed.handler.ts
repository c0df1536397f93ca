import { events } from '#server/events/catalogue';
import type { EffectHandler } from './effect-batch';

/** The instance's variables after someone changed them from outside the process. */
export const variablesChangedHandler: EffectHandler<'variablesChanged'> = async (batch, effect) => {
  await batch.updateInstance({ variables: effect.variables });
  await batch.event(
    effect.key,
    events.instanceVariablesChanged({ variables: effect.variables, by: effect.by }),
    null,
  );
};
