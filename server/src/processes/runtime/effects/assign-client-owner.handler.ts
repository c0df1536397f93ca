import { updateClient } from '#server/crm/clients/client-operations';
import { clientError } from '#server/crm/clients/clients.errors';
import { findActiveUserId } from '#server/users/user-reference';
import type { EffectHandler } from './effect-batch';

/**
 * Makes a user the owner of the instance's client through the same operation as a person's
 * update (an active owner, audit entry, `client.updated`); a retried batch finds its key.
 */
export const assignClientOwnerHandler: EffectHandler<'assignClientOwner'> = async (
  batch,
  effect,
) => {
  const client = await batch.requireClient(effect.elementId);
  const ownerId = await findActiveUserId(batch.manager, effect.owner);
  if (!ownerId) {
    throw clientError(
      'UNKNOWN_OWNER',
      `step ${effect.elementId}: there is no active user ${effect.owner} to own the client`,
    );
  }
  const updated = await updateClient(
    batch.manager,
    batch.actor(effect.elementId),
    { clientId: client.id, changes: { ownerId }, idempotencyKey: effect.key },
    { lockedClient: client, keyIsNew: batch.isNew(effect.key) },
  );
  batch.clientChanged(updated);
};
