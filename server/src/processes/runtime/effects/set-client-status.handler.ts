import { changeClientStatus } from '#server/crm/clients/client-operations';
import type { EffectHandler } from './effect-batch';

/**
 * Moves the instance's client along the lifecycle through the same operation a person's request
 * uses, so both write the same rows, audit entry and event; a transition the lifecycle does not
 * allow fails the step for good (a domain refusal), and a retried batch finds its key.
 */
export const setClientStatusHandler: EffectHandler<'setClientStatus'> = async (batch, effect) => {
  const client = await batch.requireClient(effect.elementId);
  const changed = await changeClientStatus(
    batch.manager,
    batch.actor(effect.elementId),
    {
      clientId: client.id,
      status: effect.status,
      idempotencyKey: effect.key,
      sameStatus: 'ignore',
    },
    { lockedClient: client, keyIsNew: batch.isNew(effect.key) },
  );
  batch.clientChanged(changed.client);
};
