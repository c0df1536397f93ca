import { EntityManager } from 'typeorm';
import { events } from '#server/events/catalogue';
import { findTeamId } from '#server/teams/team-reference';
import { userError } from '#server/users/users.errors';
import { UserTask } from '#server/processes/tasks/user-task.entity';
import type { EffectHandler } from './effect-batch';

/** A user task row in the task list, found again by its wait key; a retry inserts nothing. */
export const openUserTaskHandler: EffectHandler<'openUserTask'> = async (batch, effect) => {
  const assigneeId = batch.resolveUserId(effect.assignee, effect.elementId);
  const candidateTeamId = await candidateTeam(batch.manager, effect);
  const dueAt = effect.dueAt ? new Date(effect.dueAt) : batch.dueAt(effect.dueInMs);
  const followUpAt = effect.followUpAt
    ? new Date(effect.followUpAt)
    : batch.dueAt(effect.followUpInMs ?? null);
  const inserted = await batch.manager
    .createQueryBuilder()
    .insert()
    .into(UserTask)
    .values({
      instanceId: batch.instance.id,
      clientId: batch.instance.clientId,
      elementId: effect.elementId,
      name: effect.name,
      waitKey: effect.waitKey,
      assigneeId,
      candidateRole: effect.candidateRole,
      candidateTeamId,
      status: 'open',
      dueAt,
      followUpAt,
    })
    .orIgnore()
    .returning(['id'])
    .execute();
  const taskId = inserted.raw[0]?.id;
  if (!taskId) return;
  await batch.event(
    effect.key,
    events.taskCreated({
      taskId,
      name: effect.name,
      assigneeId,
      candidateRole: effect.candidateRole,
      ...(candidateTeamId && { candidateTeamId }),
      dueAt: dueAt?.toISOString() ?? null,
    }),
    effect.elementId,
  );
};

/** The id of the task's candidate team; a team that does not exist fails the step for good. */
async function candidateTeam(
  manager: EntityManager,
  effect: { elementId: string; candidateTeam?: string },
): Promise<string | null> {
  if (effect.candidateTeam === undefined) return null;
  const teamId = await findTeamId(manager, effect.candidateTeam);
  if (!teamId) {
    throw userError(
      'UNKNOWN_TEAM',
      `step ${effect.elementId}: there is no team "${effect.candidateTeam}" to be the candidate team`,
    );
  }
  return teamId;
}
