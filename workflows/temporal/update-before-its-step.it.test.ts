/**
 * A task completion that reaches the workflow in the same activation as the step that opens the
 * task. It happens when the worker dies after that step's local activity committed the user task
 * and before its workflow task completed: a person completes the task, and the next worker gets
 * the completion together with the start, or with the timer that led to the task (updates come
 * first in an activation). Found by `npm run test:faults`; such a completion used to be refused
 * for good ("the instance has not started yet", "there is no open user task").
 */
import { Client, Connection, WorkflowHandle } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { randomUUID } from 'node:crypto';
import { endEvent, linearDiagram, startEvent, timerEvent, userTask } from '#test/harness/diagrams';
import { compileBpmn } from '../bpmn/compiler';
import { advance, start } from '../engine/engine';
import type { ExecutableModel } from '../engine/model';
import type { Effect } from '../engine/types';
import {
  completeUserTaskUpdate,
  EffectActivities,
  PROCESS_WORKFLOW_TYPE,
  ProcessInstanceInput,
  ProcessInstanceResult,
} from './contract';

const address = process.env.TEMPORAL_ADDRESS;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let connection: Connection;
let client: Client;
beforeAll(async () => {
  connection = await Connection.connect({ address });
  client = new Client({ connection });
});
afterAll(() => connection.close());

async function compile(elements: string[]): Promise<ExecutableModel> {
  const compiled = await compileBpmn(linearDiagram(`update-before-step`, elements));
  if (!compiled.ok) throw new Error(JSON.stringify(compiled.errors));
  return compiled.model;
}

/** A worker on its own task queue whose batches only record their effects. */
async function newWorker(taskQueue: string, written: Effect['type'][]): Promise<Worker> {
  const activities: EffectActivities = {
    async writeEffects(_instanceId, effects) {
      written.push(...effects.map((effect) => effect.type));
      return { committedAt: Date.now() };
    },
  };
  return Worker.create({
    connection: await NativeConnection.connect({ address }),
    taskQueue,
    workflowBundle: { codePath: process.env.FLOWCARD_WORKFLOW_BUNDLE! },
    activities,
  });
}

function startWorkflow(model: ExecutableModel, instanceId: string, taskQueue: string) {
  return client.workflow.start<(input: ProcessInstanceInput) => Promise<ProcessInstanceResult>>(
    PROCESS_WORKFLOW_TYPE,
    {
      taskQueue,
      workflowId: `update-before-step-${instanceId}`,
      args: [{ instanceId, model, variables: {} }],
    },
  );
}

/** Completes the task while no worker runs; `next` then runs the workflow on. */
async function completeWhileNoWorker(
  handle: WorkflowHandle,
  waitKey: string,
  next: Worker,
): Promise<void> {
  const completion = handle.executeUpdate(completeUserTaskUpdate, {
    args: [{ waitKey, variables: {}, completedBy: null }],
  });
  // The update waits on the server and comes with the next workflow task.
  await pause(1_000);
  const [updated, result] = await next.runUntil(Promise.all([completion, handle.result()]));
  expect(updated.status).toBe('completed');
  expect(result.status).toBe('completed');
}

it('applies a completion that arrives with the start, after the start step', async () => {
  const model = await compile([startEvent('Start'), userTask('Review'), endEvent('End')]);
  const instanceId = randomUUID();
  // The engine is pure: the key of the task the start step opens is known beforehand.
  const waitKey = start(model, { instanceId, variables: {} }).state.waits[0].waitKey;
  const taskQueue = `update-before-step-${instanceId}`;
  const handle = await startWorkflow(model, instanceId, taskQueue);
  const written: Effect['type'][] = [];
  try {
    await completeWhileNoWorker(handle, waitKey, await newWorker(taskQueue, written));
    expect(written.indexOf('openUserTask')).toBeGreaterThanOrEqual(0);
    expect(written.indexOf('openUserTask')).toBeLessThan(written.indexOf('completeUserTask'));
  } finally {
    await handle.terminate().catch(() => undefined);
  }
});

it('applies a completion that arrives with the timer that opens its task', async () => {
  const model = await compile([
    startEvent('Start'),
    timerEvent('Wait', 'PT1S'),
    userTask('Review'),
    endEvent('End'),
  ]);
  const instanceId = randomUUID();
  const started = start(model, { instanceId, variables: {} }).state;
  const fired = advance(model, started, { type: 'timerFired', waitKey: started.waits[0].waitKey });
  const waitKey = fired.state.waits[0].waitKey;
  const taskQueue = `update-before-step-${instanceId}`;
  const handle = await startWorkflow(model, instanceId, taskQueue);
  const written: Effect['type'][] = [];
  try {
    // The first worker runs the start step (the timer starts) and stops before it fires.
    const first = await newWorker(taskQueue, written);
    await first.runUntil(async () => {
      while (!written.includes('elementStarted')) await pause(50);
      await pause(300);
    });
    await pause(1_500);
    // The timer has fired on the server: the next activation brings it with the completion.
    await completeWhileNoWorker(handle, waitKey, await newWorker(taskQueue, written));
    expect(written.filter((type) => type === 'openUserTask')).toHaveLength(1);
    expect(written.indexOf('openUserTask')).toBeLessThan(written.indexOf('completeUserTask'));
  } finally {
    await handle.terminate().catch(() => undefined);
  }
});
