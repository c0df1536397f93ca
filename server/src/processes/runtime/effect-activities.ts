/**
 * The Temporal activity of the process workflow: the only place where a process instance
 * touches the database.
 *
 * `writeEffects` writes one batch of engine effects (every CRM activity, user task, status
 * change and instance event of a run of automatic steps) in one transaction. Each row carries
 * the effect's key under a unique constraint, so a retried batch writes nothing twice.
 */
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { DataSource } from 'typeorm';
import type { Effect } from '#workflows/engine/types';
import type { EffectActivities, EffectFailureDetails } from '#workflows/temporal/contract';
import { toTemporalFailure } from '../domain-failure';
import { markStarted } from '../instances/instance-start';
import { EffectBatch } from './effects/effect-batch';
import { writeEffect } from './effects/effect-handlers';

export function createEffectActivities(dataSource: DataSource): EffectActivities {
  return {
    async writeEffects(instanceId, effects) {
      // The element of the effect being written: an incident names it when the batch fails.
      let elementId: string | null = null;
      const { committedAt, messages, calledInstances } = await dataSource
        .transaction(async (manager) => {
          const batch = await EffectBatch.open(manager, instanceId, effects);
          if (!batch) {
            throw ApplicationFailure.nonRetryable(`process instance ${instanceId} does not exist`);
          }
          // An instance a call activity started is `starting` until its workflow writes.
          if (batch.instance.status === 'starting') await markStarted(manager, instanceId);
          for (const effect of effects) {
            elementId = elementOf(effect) ?? elementId;
            await writeEffect(batch, effect);
          }
          await batch.finish();
          return {
            committedAt: batch.now.getTime(),
            messages: batch.receivedMessages,
            calledInstances: batch.calledInstances,
          };
        })
        .catch((error: unknown) => {
          // A domain rule that refuses an effect refuses it on every retry.
          throw withDetails(toTemporalFailure(error), {
            elementId,
            attempt: currentAttempt(),
          });
        });
      return {
        committedAt,
        ...(messages.length > 0 ? { messages } : {}),
        ...(calledInstances.length > 0 ? { calledInstances } : {}),
      };
    },
  };
}

/** The attempt of the running activity; a call outside Temporal (as in tests) is the first. */
function currentAttempt(): number {
  try {
    return Context.current().info.attempt;
  } catch {
    return 1;
  }
}

function elementOf(effect: Effect): string | null {
  if ('elementId' in effect) return effect.elementId;
  return effect.type === 'instanceEnded' ? (effect.error?.elementId ?? null) : null;
}

/**
 * The failure with where and when it happened as its first detail, for the incident the
 * workflow raises: a failure not retried keeps its type, anything else stays retryable.
 */
function withDetails(failure: unknown, details: EffectFailureDetails): ApplicationFailure {
  if (failure instanceof ApplicationFailure) {
    return ApplicationFailure.create({
      message: failure.message,
      type: failure.type ?? undefined,
      nonRetryable: failure.nonRetryable ?? false,
      details: [details, ...(failure.details ?? [])],
      cause: failure.cause,
    });
  }
  return ApplicationFailure.create({
    message: failure instanceof Error ? failure.message : String(failure),
    type: failure instanceof Error ? failure.name : 'Error',
    nonRetryable: false,
    details: [details],
    cause: failure instanceof Error ? failure : undefined,
  });
}
