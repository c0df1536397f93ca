/**
 * A start at the current patch level applies the workflow's patches without recording them: no
 * patch marker and no `TemporalChangeVersion` upsert in its history, which Temporal would
 * otherwise write (and index) for each patch of each instance. A start without a level (older
 * code, histories from before) still asks `patched()` and records them.
 */
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { randomUUID } from 'node:crypto';
import { endEvent, linearDiagram, startEvent, userTask } from '#test/harness/diagrams';
import { compileBpmn } from '../bpmn/compiler';
import { start } from '../engine/engine';
import {
  completeUserTaskUpdate,
  CURRENT_PATCH_LEVEL,
  EffectActivities,
  PROCESS_WORKFLOW_TYPE,
  ProcessInstanceInput,
  ProcessInstanceResult,
} from './contract';

const address = process.env.TEMPORAL_ADDRESS;

let connection: Connection;
let client: Client;
beforeAll(async () => {
  connection = await Connection.connect({ address });
  client = new Client({ connection });
});
afterAll(() => connection.close());

/** Runs one instance (start, then its user task completed) and answers its history. */
async function runInstance(patchLevel: number | undefined) {
  const compiled = await compileBpmn(
    linearDiagram('patch-level', [startEvent('Start'), userTask('Review'), endEvent('End')]),
  );
  if (!compiled.ok) throw new Error(JSON.stringify(compiled.errors));
  const model = compiled.model;
  const instanceId = randomUUID();
  const waitKey = start(model, { instanceId, variables: {} }).state.waits[0].waitKey;
  const taskQueue = `patch-level-${instanceId}`;
  const activities: EffectActivities = { writeEffects: async () => ({ committedAt: Date.now() }) };
  const worker = await Worker.create({
    connection: await NativeConnection.connect({ address }),
    taskQueue,
    workflowBundle: { codePath: process.env.FLOWCARD_WORKFLOW_BUNDLE! },
    activities,
  });
  const input: ProcessInstanceInput = { instanceId, model, variables: {}, patchLevel };
  const handle = await client.workflow.start<
    (input: ProcessInstanceInput) => Promise<ProcessInstanceResult>
  >(PROCESS_WORKFLOW_TYPE, { taskQueue, workflowId: `patch-level-${instanceId}`, args: [input] });
  const result = await worker.runUntil(async () => {
    await handle.executeUpdate(completeUserTaskUpdate, {
      args: [{ waitKey, variables: {}, completedBy: null }],
    });
    return handle.result();
  });
  expect(result.status).toBe('completed');
  const history = await handle.fetchHistory();
  const events = history.events ?? [];
  return {
    patchMarkers: events.filter(
      (event) => event.markerRecordedEventAttributes?.markerName === 'core_patch',
    ).length,
    upserts: events.filter((event) => event.upsertWorkflowSearchAttributesEventAttributes).length,
  };
}

it('records no patch marker and no search attribute upsert for a start at the current level', async () => {
  expect(await runInstance(CURRENT_PATCH_LEVEL)).toEqual({ patchMarkers: 0, upserts: 0 });
});

it('records the patches for a start without a level, as older starters make', async () => {
  const { patchMarkers, upserts } = await runInstance(undefined);
  // incidents, multi-instance-run-scopes and continue-as-new, each with its upsert.
  expect(patchMarkers).toBe(3);
  expect(upserts).toBe(3);
});
