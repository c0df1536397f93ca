import { events } from '#server/events/catalogue';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { UserTask } from '#server/processes/tasks/user-task.entity';
import type { EffectBatch, EffectHandler, EffectOf } from './effect-batch';

export const completeUserTaskHandler: EffectHandler<'completeUserTask'> = (batch, effect) =>
  closeUserTask(batch, effect.key, effect.waitKey, 'completed', effect);

export const cancelUserTaskHandler: EffectHandler<'cancelUserTask'> = (batch, effect) =>
  closeUserTask(batch, effect.key, effect.waitKey, 'cancelled', null);

/**
 * Closes the open user task of a wait in one statement (the UPDATE locks the row, as a
 * `FOR UPDATE` read before it did); a task already closed (a retried batch) stays as it is.
 */
async function closeUserTask(
  batch: EffectBatch,
  key: string,
  waitKey: string,
  status: 'completed' | 'cancelled',
  completion: EffectOf<'completeUserTask'> | null,
) {
  const completedById = completion ? batch.resolveUserId(completion.completedBy, waitKey) : null;
  const closed = await batch.manager
    .createQueryBuilder()
    .update(UserTask)
    .set({
      status,
      completedAt: batch.now,
      completedById,
      completionVariables: completion?.variables ?? null,
    } as QueryDeepPartialEntity<UserTask>)
    .where({ waitKey, status: 'open' })
    .returning(['id', 'elementId', 'assigneeId', 'candidateRole', 'candidateTeamId'])
    .execute();
  const [task] = closed.raw as ClosedTask[];
  if (!task) return;
  await batch.event(
    key,
    events.taskClosed(status, {
      taskId: task.id,
      assigneeId: task.assignee_id,
      candidateRole: task.candidate_role,
      ...(task.candidate_team_id && { candidateTeamId: task.candidate_team_id }),
      completedById,
    }),
    task.element_id,
  );
}

/** The columns of a closed task its event names. */
interface ClosedTask {
  id: string;
  element_id: string;
  assignee_id: string | null;
  candidate_role: string | null;
  candidate_team_id: string | null;
}
