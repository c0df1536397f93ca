import type { EffectHandler } from './effect-batch';

/** The instance's variables after someone changed them from outside the process. */
export const variablesChangedHandler: EffectHandler<'variablesChanged'> = async (batch, effect) => {
  await batch.updateInstance({ variables: effect.variables });
  batch.event(effect.key, 'instance.variables_changed', null, {
    variables: effect.variables,
    by: effect.by,
  });
};
