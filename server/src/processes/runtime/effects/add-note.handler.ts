import { CreateActivityDto } from '#server/crm/activities/activity.dto';
import { activityError } from '#server/crm/activities/activities.errors';
import { createActivity } from '#server/crm/activities/activity-operations';
import { constraintProblems } from '#server/common/validation';
import type { EffectHandler } from './effect-batch';

/**
 * A note on the instance's client card (its timeline) through the same rules and operation as
 * a note a person logs; a retried batch finds its key and writes nothing.
 */
export const addNoteHandler: EffectHandler<'addNote'> = async (batch, effect) => {
  const problems = constraintProblems(CreateActivityDto, {
    subject: effect.subject,
    body: effect.body ?? undefined,
  });
  if (problems.length > 0) {
    throw activityError(
      'ACTIVITY_INVALID',
      `step ${effect.elementId}: ${problems.join('; ')}`,
      problems,
    );
  }
  const client = await batch.requireClient(effect.elementId);
  await createActivity(
    batch.manager,
    batch.actor(effect.elementId),
    {
      clientId: client.id,
      kind: 'note',
      subject: effect.subject,
      body: effect.body,
      assigneeId: null,
      idempotencyKey: effect.key,
    },
    { lockedClient: client, keyIsNew: batch.isNew(effect.key) },
  );
};
