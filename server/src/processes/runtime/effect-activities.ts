/**
 * The Temporal activity of the process workflow: the only place where a process instance
 * touches the database.
 *
 * `writeEffects` writes one batch of engine effects (every CRM activity, user task, status
 * change and instance event of a run of automatic steps) in one transaction. Each row carries
 * the effect's key under a unique constraint, so a retried batch writes nothing twice.
 */
import { ApplicationFailure } from '@temporalio/common';
import { DataSource } from 'typeorm';
import type { EffectActivities } from '#workflows/temporal/contract';
import { toTemporalFailure } from '../domain-failure';
import { ProcessInstance } from '../instances/process-instance.entity';
import { EffectBatch } from './effects/effect-batch';
import { writeEffect } from './effects/effect-handlers';

export function createEffectActivities(dataSource: DataSource): EffectActivities {
  return {
    async writeEffects(instanceId, effects) {
      const { committedAt, messages } = await dataSource
        .transaction(async (manager) => {
          const instance = await manager.findOneBy(ProcessInstance, { id: instanceId });
          if (!instance) {
            throw ApplicationFailure.nonRetryable(`process instance ${instanceId} does not exist`);
          }
          const [{ now }] = await manager.query('SELECT now() AS now');
          const batch = new EffectBatch(manager, instance, new Date(now));
          for (const effect of effects) await writeEffect(batch, effect);
          return { committedAt: new Date(now).getTime(), messages: batch.receivedMessages };
        })
        .catch((error: unknown) => {
          // A domain rule that refuses an effect refuses it on every retry.
          throw toTemporalFailure(error);
        });
      return messages.length > 0 ? { committedAt, messages } : { committedAt };
    },
  };
}
