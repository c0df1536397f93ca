import { recordAudit } from '../../../audit/audit';
import { Activity } from '../../../crm/activities/activity.entity';
import type { EffectHandler } from './effect-batch';

/** A call, meeting or task on the instance's client; a retried batch inserts nothing. */
export const createActivityHandler: EffectHandler<'createActivity'> = async (batch, effect) => {
  const client = await batch.requireClient(effect.elementId);
  const clientId = client.id;
  const assigneeId =
    (await batch.resolveUserId(effect.assignee, effect.elementId)) ?? client.ownerId;
  const inserted = await batch.manager
    .createQueryBuilder()
    .insert()
    .into(Activity)
    .values({
      clientId,
      kind: effect.activityKind,
      subject: effect.subject,
      dueAt: batch.dueAt(effect.dueInMs),
      assigneeId,
      status: 'open',
      processInstanceId: batch.instance.id,
      elementId: effect.elementId,
      idempotencyKey: effect.key,
    })
    .orIgnore()
    .returning(['id'])
    .execute();
  const activityId = inserted.raw[0]?.id;
  if (!activityId) return;
  await recordAudit(batch.manager, [
    {
      actor: batch.actor(effect.elementId),
      entityType: 'activity',
      entityId: activityId,
      action: 'create',
      after: { kind: effect.activityKind, subject: effect.subject, clientId, assigneeId },
    },
  ]);
  batch.event(effect.key, 'activity.created', effect.elementId, {
    activityId,
    clientId,
    kind: effect.activityKind,
    subject: effect.subject,
    assigneeId,
  });
};
