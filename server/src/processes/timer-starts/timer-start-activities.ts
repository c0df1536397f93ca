/**
 * The activities of a timer start event's fire (`timerStartWorkflow`), run by the worker: the
 * instance is written through the same start path as any other (`insertInstance`), once per
 * fire id (`timer_starts`), and marked running once its workflow started.
 */
import { DataSource } from 'typeorm';
import type { TimerStartActivities } from '#workflows/temporal/timer-start-contract';
import { ProcessDefinition } from '../definitions/process-definition.entity';
import { insertInstance, markStarted } from '../instances/instance-start';
import { ProcessInstance } from '../instances/process-instance.entity';

export function createTimerStartActivities(dataSource: DataSource): TimerStartActivities {
  return {
    insertTimerStart(definitionId, fireId) {
      return dataSource.transaction(async (manager) => {
        await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [fireId]);
        const definition = await manager.findOneBy(ProcessDefinition, { id: definitionId });
        if (!definition) return null;
        const [fired] = (await manager.query(
          'SELECT instance_id AS "instanceId" FROM timer_starts WHERE fire_id = $1',
          [fireId],
        )) as { instanceId: string }[];
        const instance = fired
          ? await manager.findOneByOrFail(ProcessInstance, { id: fired.instanceId })
          : await insertInstance(manager, {
              definition,
              clientId: null,
              variables: {},
              startedById: null,
            });
        if (!fired) {
          await manager.query(
            'INSERT INTO timer_starts (fire_id, definition_id, instance_id) VALUES ($1, $2, $3)',
            [fireId, definitionId, instance.id],
          );
        }
        return {
          instanceId: instance.id,
          workflowId: instance.workflowId,
          model: definition.model,
          variables: instance.variables,
        };
      });
    },

    markTimerStartRunning(instanceId) {
      return markStarted(dataSource.manager, instanceId);
    },
  };
}
