import { events } from '#server/events/catalogue';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { UserTask } from '#server/processes/tasks/user-task.entity';
import type { EffectBatch, EffectHandler, EffectOf } from './effect-batch';

export const completeUserTaskHandler: EffectHandler<'completeUserTask'> = (batch, effect) =>
  closeUserTask(batch, effect.key, effect.waitKey, 'completed', effect);

export const cancelUserTaskHandler: EffectHandler<'cancelUserTask'> = (batch, effect) =>
  closeUserTask(batch, effect.key, effect.waitKey, 'cancelled', null);

/** Closes the open user task of a wait; a task already closed (a retried batch) stays as it is. */
async function closeUserTask(
  batch: EffectBatch,
  key: string,
  waitKey: string,
  status: 'completed' | 'cancelled',
  completion: EffectOf<'completeUserTask'> | null,
) {
  const completedById = completion
    ? await batch.resolveUserId(completion.completedBy, waitKey)
    : null;
  const task = await batch.manager.findOne(UserTask, {
    where: { waitKey, status: 'open' },
    lock: { mode: 'pessimistic_write' },
  });
  if (!task) return;
  await batch.manager.update(UserTask, { id: task.id }, {
    status,
    completedAt: batch.now,
    completedById,
    completionVariables: completion?.variables ?? null,
  } as QueryDeepPartialEntity<UserTask>);
  await batch.event(
    key,
    events.taskClosed(status, {
      taskId: task.id,
      assigneeId: task.assigneeId,
      candidateRole: task.candidateRole,
      ...(task.candidateTeamId && { candidateTeamId: task.candidateTeamId }),
      completedById,
    }),
    task.elementId,
  );
}
