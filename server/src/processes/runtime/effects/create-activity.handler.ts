import { createActivity } from '#server/crm/activities/activity-operations';
import type { EffectHandler } from './effect-batch';

/**
 * A call, meeting or task on the instance's client, through the same operation a person's
 * request uses (rules, audit entry, event); a retried batch finds its key and writes nothing.
 */
export const createActivityHandler: EffectHandler<'createActivity'> = async (batch, effect) => {
  const client = await batch.requireClient(effect.elementId);
  const assigneeId = batch.resolveUserId(effect.assignee, effect.elementId) ?? client.ownerId;
  await createActivity(
    batch.manager,
    batch.actor(effect.elementId),
    {
      clientId: client.id,
      kind: effect.activityKind,
      subject: effect.subject,
      dueAt: batch.dueAt(effect.dueInMs),
      assigneeId,
      idempotencyKey: effect.key,
    },
    { lockedClient: client, keyIsNew: batch.isNew(effect.key) },
  );
};
