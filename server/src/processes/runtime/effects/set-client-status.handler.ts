import { ApplicationFailure } from '@temporalio/common';
import { recordAudit } from '../../../audit/audit';
import { ClientStatusChange } from '../../../crm/clients/client-status-change.entity';
import { ClientStatusTransition } from '../../../crm/clients/client-status.entity';
import { Client } from '../../../crm/clients/client.entity';
import type { EffectHandler } from './effect-batch';

/**
 * Moves the instance's client to a status along an allowed transition; a transition the
 * lifecycle does not allow fails the step for good.
 */
export const setClientStatusHandler: EffectHandler<'setClientStatus'> = async (batch, effect) => {
  const client = await batch.requireClient(effect.elementId, 'pessimistic_write');
  const clientId = client.id;
  const { manager } = batch;
  // A retried batch finds its own change already written and leaves it alone.
  if (await manager.existsBy(ClientStatusChange, { idempotencyKey: effect.key })) return;
  if (client.status === effect.status) return;
  const allowed = await manager.existsBy(ClientStatusTransition, {
    fromStatus: client.status,
    toStatus: effect.status,
  });
  if (!allowed) {
    throw ApplicationFailure.nonRetryable(
      `step ${effect.elementId}: a client cannot move from "${client.status}" to "${effect.status}"`,
    );
  }
  await manager.insert(ClientStatusChange, {
    clientId,
    fromStatus: client.status,
    toStatus: effect.status,
    processInstanceId: batch.instance.id,
    elementId: effect.elementId,
    idempotencyKey: effect.key,
  });
  await manager.update(Client, { id: clientId }, { status: effect.status });
  await recordAudit(manager, [
    {
      actor: batch.actor(effect.elementId),
      entityType: 'client',
      entityId: clientId,
      action: 'update',
      before: { status: client.status },
      after: { status: effect.status },
    },
  ]);
  batch.event(effect.key, 'client.status_changed', effect.elementId, {
    clientId,
    from: client.status,
    to: effect.status,
  });
};
