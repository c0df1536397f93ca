/**
 * A task completion that reaches the workflow in its first activation, together with its start.
 * It happens when the worker dies before the first workflow task completes: the start step's
 * local activity had already committed the user task, a person completed it, and the next worker
 * gets the start and the completion at once (found by `npm run test:faults`; the completion used
 * to be refused with "the instance has not started yet", for good).
 */
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { randomUUID } from 'node:crypto';
import { endEvent, linearDiagram, startEvent, userTask } from '#test/harness/diagrams';
import { compileBpmn } from '../bpmn/compiler';
import { start } from '../engine/engine';
import type { Effect } from '../engine/types';
import {
  completeUserTaskUpdate,
  EffectActivities,
  PROCESS_WORKFLOW_TYPE,
  ProcessInstanceInput,
  ProcessInstanceResult,
} from './contract';

it('applies a completion that arrives with the start, after the start step', async () => {
  const compiled = await compileBpmn(
    linearDiagram('first-activation', [startEvent('Start'), userTask('Review'), endEvent('End')]),
  );
  if (!compiled.ok) throw new Error(JSON.stringify(compiled.errors));
  const instanceId = randomUUID();
  // The engine is pure: the key of the task the start step opens is known beforehand.
  const opened = start(compiled.model, { instanceId, variables: {} }).state;
  const waitKey = opened.waits[0].waitKey;

  const connection = await Connection.connect({ address: process.env.TEMPORAL_ADDRESS });
  const client = new Client({ connection });
  const taskQueue = `first-activation-${instanceId}`;
  const written: Effect['type'][] = [];
  const handle = await client.workflow.start<
    (input: ProcessInstanceInput) => Promise<ProcessInstanceResult>
  >(PROCESS_WORKFLOW_TYPE, {
    taskQueue,
    workflowId: `first-activation-${instanceId}`,
    args: [{ instanceId, model: compiled.model, variables: {} }],
  });
  try {
    // No worker yet: the update waits on the server and comes with the first workflow task.
    const completion = handle.executeUpdate(completeUserTaskUpdate, {
      args: [{ waitKey, variables: {}, completedBy: null }],
    });
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const activities: EffectActivities = {
      async writeEffects(_instanceId, effects) {
        written.push(...effects.map((effect) => effect.type));
        return { committedAt: Date.now() };
      },
    };
    const worker = await Worker.create({
      connection: await NativeConnection.connect({ address: process.env.TEMPORAL_ADDRESS }),
      taskQueue,
      workflowBundle: { codePath: process.env.FLOWCARD_WORKFLOW_BUNDLE! },
      activities,
    });
    const [updated, result] = await worker.runUntil(Promise.all([completion, handle.result()]));
    expect(updated.status).toBe('completed');
    expect(result.status).toBe('completed');
    expect(written).toContain('openUserTask');
    expect(written.indexOf('openUserTask')).toBeLessThan(written.indexOf('completeUserTask'));
  } finally {
    await handle.terminate().catch(() => undefined);
    await connection.close();
  }
});
