/**
 * The ceiling: the bare shape of a Flowcard instance as a plain Temporal workflow, with no
 * Flowcard code. Start -> one local activity -> wait for an update -> one local activity (in
 * the update, which returns once it is done) -> end. What any Temporal-based engine can reach
 * on the machine; Flowcard's throughput is judged as a ratio to it.
 */
import {
  ApplicationFailure,
  condition,
  defineUpdate,
  proxyLocalActivities,
  setHandler,
} from '@temporalio/workflow';

export const CEILING_WORKFLOW_TYPE = 'ceilingWorkflow';

export interface CeilingActivities {
  /** Stands in for a batch of effects: returns the time, as `writeEffects` returns its commit time. */
  step(name: string): Promise<number>;
}

/** Completes the waiting step; refused until the first step is done, as a task not yet visible. */
export const completeStepUpdate = defineUpdate<string>('completeStep');

const { step } = proxyLocalActivities<CeilingActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

export async function ceilingWorkflow(): Promise<string> {
  let waiting = false;
  let completed = false;
  setHandler(
    completeStepUpdate,
    async () => {
      await step('after the wait');
      completed = true;
      return 'completed';
    },
    {
      validator: () => {
        if (!waiting || completed) throw ApplicationFailure.nonRetryable('not waiting');
      },
    },
  );
  await step('first');
  waiting = true;
  await condition(() => completed);
  return 'completed';
}
