/**
 * Long-lived instances on the real Temporal server and Postgres: the workflow continues as new
 * when its history passes the limit (set low here through FLOWCARD_HISTORY_EVENTS_LIMIT, so a
 * short test sees it many times), carrying the engine state, the model and the open timers with
 * the time they have left. The API and the reconciler address the workflow by its id alone, so
 * they reach the latest run.
 */
import { Client, Connection } from '@temporalio/client';
import { engineStateQuery } from '#workflows/temporal/contract';
import { loadConfig } from '#server/common/config';
import { InstanceReconciler } from '#server/processes/reconciliation/instance-reconciler';
import { completedElements, type InstanceEvent, useBpmnFlowcard } from './harness/bpmn';
import { eventually } from './harness';

const HISTORY_EVENTS_LIMIT = 100;
process.env.FLOWCARD_HISTORY_EVENTS_LIMIT = String(HISTORY_EVENTS_LIMIT);

jest.setTimeout(600_000);

const {
  flowcard,
  as,
  deployFixture: deploy,
  createClient,
  startInstance,
  instanceCard,
  ended,
  openTasks,
  openTask,
  completeTask,
  activitiesOf,
} = useBpmnFlowcard();

let connection: Connection;
let temporal: Client;

beforeAll(async () => {
  const config = loadConfig();
  connection = await Connection.connect({ address: config.temporalAddress });
  temporal = new Client({ connection, namespace: config.temporalNamespace });
});

afterAll(() => connection?.close());

async function workflowOf(instanceId: string) {
  const [row] = await flowcard.dataSource.query(
    'SELECT workflow_id FROM process_instances WHERE id = $1',
    [instanceId],
  );
  return temporal.workflow.getHandle(row.workflow_id);
}

/** The runs of the instance's workflow, first to latest, each with its status and history. */
async function runsOf(instanceId: string) {
  const latest = await workflowOf(instanceId);
  let runId = (await latest.describe()).raw.workflowExecutionInfo?.firstRunId ?? '';
  const runs = [];
  while (runId) {
    const handle = temporal.workflow.getHandle(latest.workflowId, runId);
    const events = (await handle.fetchHistory()).events ?? [];
    runs.push({ runId, status: (await handle.describe()).status.name, events });
    const last = events[events.length - 1];
    runId = last?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId ?? '';
  }
  return runs;
}

/** Instance events of one type at one element, counted in the database. */
async function eventCount(instanceId: string, type: string, elementId: string): Promise<number> {
  const [{ count }] = await flowcard.dataSource.query(
    `SELECT count(*)::int AS count FROM instance_events
      WHERE instance_id = $1 AND type = $2 AND element_id = $3`,
    [instanceId, type, elementId],
  );
  return count;
}

/** Completes `count` user tasks of that name one after the other, each a new one. */
async function completeInTurn(instanceId: string, name: string, count: number) {
  let previous: string | null = null;
  for (let done = 0; done < count; done++) {
    const task: { id: string } = await eventually(async () =>
      (await openTasks(instanceId)).find((open) => open.name === name && open.id !== previous),
    );
    await completeTask(task.id);
    previous = task.id;
  }
}

const seconds = (duration: { seconds?: unknown; nanos?: number | null } | null | undefined) =>
  Number(duration?.seconds ?? 0) + (duration?.nanos ?? 0) / 1e9;

describe('a loop of 20,000 rounds', () => {
  it('runs to its end over many runs, each round written once', async () => {
    // 20,000 rounds that each wait on Temporal would take far too long here: the dev server
    // fires even a 1 ms timer about a second late, and a round of FEEL and its event rows costs
    // a few ms. So the rounds run in 200 blocks of 100 (a standard loop on the script task, all
    // in one engine step), and each block waits for a user task this test completes: every
    // round still writes its element events, every block writes Temporal history.
    const definitionId = await deploy('long-loop.bpmn');
    const clientId = await createClient('Long Loop Ltd');
    const rounds = 20_000;
    const blocks = rounds / 100;
    const instanceId = await startInstance(definitionId, clientId, { counter: 0, rounds });

    await completeInTurn(instanceId, 'Next block', blocks);

    const [row] = await eventually(async () => {
      const rows = await flowcard.dataSource.query(
        'SELECT status, variables FROM process_instances WHERE id = $1',
        [instanceId],
      );
      return rows[0].status !== 'running' && rows;
    });
    expect(row).toEqual({ status: 'completed', variables: { counter: rounds, rounds } });
    expect(await eventCount(instanceId, 'element.started', 'Script_Count')).toBe(rounds);
    expect(await eventCount(instanceId, 'element.completed', 'Script_Count')).toBe(rounds);
    expect(await eventCount(instanceId, 'element.completed', 'Task_NextBlock')).toBe(blocks);
    expect(await eventCount(instanceId, 'element.completed', 'End')).toBe(1);
    // A milestone every 1,000 rounds, but the last round ends the instance instead.
    const milestones = await flowcard.dataSource.query(
      'SELECT subject FROM activities WHERE process_instance_id = $1 ORDER BY created_at, subject',
      [instanceId],
    );
    expect(milestones.map((activity: { subject: string }) => activity.subject)).toEqual(
      Array.from({ length: rounds / 1000 - 1 }, (_, index) => `Round ${(index + 1) * 1000}`),
    );

    const runs = await runsOf(instanceId);
    expect(runs.length).toBeGreaterThanOrEqual(5);
    expect(runs.slice(0, -1).map((run) => run.status)).toEqual(
      runs.slice(0, -1).map(() => 'CONTINUED_AS_NEW'),
    );
    expect(runs[runs.length - 1].status).toBe('COMPLETED');
    // A run stops soon after passing the limit: once the block in hand has committed.
    for (const run of runs) expect(run.events.length).toBeLessThan(2 * HISTORY_EVENTS_LIMIT);
  });
});

describe('waits across runs', () => {
  it('a timer fires once, on time, and a user task opened in the first run completes in a later one', async () => {
    const definitionId = await deploy('long-wait.bpmn');
    const clientId = await createClient('Long Wait Ltd');
    const reminderSeconds = 20;
    const instanceId = await startInstance(definitionId, clientId, {
      calls: 0,
      rounds: 30,
      reminderIn: `PT${reminderSeconds}S`,
    });
    const review = await openTask(instanceId, 'Review the client');

    await completeInTurn(instanceId, 'Log a call', 30);

    const before = await runsOf(instanceId);
    expect(before.length).toBeGreaterThanOrEqual(2);
    // The reminder started in the first run and had not fired when that run continued as new.
    const [first] = before;
    expect(first.status).toBe('CONTINUED_AS_NEW');
    const started = first.events.filter((event) => event.timerStartedEventAttributes);
    expect(
      started.map((event) => seconds(event.timerStartedEventAttributes?.startToFireTimeout)),
    ).toEqual([reminderSeconds]);
    expect(first.events.some((event) => event.timerFiredEventAttributes)).toBe(false);

    // Queries, updates and the reconciler reach the latest run.
    const state = await (await workflowOf(instanceId)).query(engineStateQuery);
    expect(state.variables).toMatchObject({ calls: 30 });
    expect(state.waits.map((wait) => wait.elementId).sort()).toEqual([
      'Task_Review',
      'Timer_Reminder',
    ]);
    const changed = await as(
      'supervisor',
      'PATCH',
      `/api/process-instances/${instanceId}/variables`,
      {
        variables: { note: 'changed in a later run' },
      },
    );
    expect(changed.status).toBe(200);
    const config = loadConfig();
    const reconciler = new InstanceReconciler(flowcard.dataSource, temporal, {
      taskQueue: config.taskQueue,
      engineCallTimeoutMs: 10_000,
      intervalMs: 60_000,
      startingAfterMs: 60_000,
      batchSize: 100,
    });
    const report = await eventually(async () => {
      const pass = await reconciler.reconcileOnce({ instanceIds: [instanceId] });
      return pass.ran && pass;
    });
    expect(report.closed).toEqual([]);
    expect((await instanceCard(instanceId)).status).toBe('running');

    await completeTask(review.id);
    const card = await ended(instanceId, 60_000);
    expect(card.status).toBe('completed');
    expect(card.variables).toEqual({
      calls: 30,
      rounds: 30,
      reminderIn: `PT${reminderSeconds}S`,
      note: 'changed in a later run',
    });
    expect(await activitiesOf(clientId, instanceId)).toEqual(['call: Remind the client']);
    const reminder = (type: string) =>
      card.events.filter(
        (event: InstanceEvent) => event.type === type && event.elementId === 'Timer_Reminder',
      );
    expect(reminder('element.started')).toHaveLength(1);
    expect(reminder('element.completed')).toHaveLength(1);
    expect(completedElements(card.events).filter((id) => id === 'End_Reminded')).toHaveLength(1);
    // Never early: it fired at least its duration after the batch that started it committed.
    const waited =
      Date.parse(reminder('element.completed')[0].createdAt) -
      Date.parse(reminder('element.started')[0].createdAt);
    expect(waited).toBeGreaterThanOrEqual(reminderSeconds * 1000);

    // Each later run that still waited restarted the timer with what was left, never the whole
    // duration again, and it fired in exactly one run.
    const runs = await runsOf(instanceId);
    const carried = runs
      .slice(1)
      .flatMap((run) => run.events.filter((event) => event.timerStartedEventAttributes))
      .map((event) => seconds(event.timerStartedEventAttributes?.startToFireTimeout));
    expect(carried.length).toBeGreaterThanOrEqual(1);
    for (const left of carried) expect(left).toBeLessThan(reminderSeconds);
    const fired = runs.flatMap((run) =>
      run.events.filter((event) => event.timerFiredEventAttributes),
    );
    expect(fired).toHaveLength(1);
  });

  it('a loop woken only by its timer loses no tick when a tick wakes a run due to continue', async () => {
    // The limit is passed by the events that close a workflow task, so the next thing to wake
    // the run (here always the tick timer firing) finds it due to continue as new: the step of
    // that tick must run first, or the tick is lost.
    const definitionId = await deploy('long-ticks.bpmn');
    const clientId = await createClient('Long Ticks Ltd');
    const rounds = 25;
    const instanceId = await startInstance(definitionId, clientId, { ticks: 0, rounds });
    const card = await ended(instanceId, 120_000);
    expect(card.status).toBe('completed');
    expect(card.variables).toEqual({ ticks: rounds, rounds });
    expect(completedElements(card.events).filter((id) => id === 'Timer_Tick')).toHaveLength(rounds);
    expect((await runsOf(instanceId)).length).toBeGreaterThanOrEqual(2);
  });

  it('cancelling in a later run ends the instance and its waits', async () => {
    const definitionId = await deploy('long-wait.bpmn');
    const clientId = await createClient('Long Wait Cancel Ltd');
    const instanceId = await startInstance(definitionId, clientId, {
      calls: 0,
      rounds: 30,
      reminderIn: 'PT60S',
    });
    const review = await openTask(instanceId, 'Review the client');
    await completeInTurn(instanceId, 'Log a call', 20);
    expect((await runsOf(instanceId)).length).toBeGreaterThanOrEqual(2);

    const cancelled = await as(
      'supervisor',
      'POST',
      `/api/process-instances/${instanceId}/cancel`,
      {
        reason: 'no longer needed',
      },
    );
    expect(cancelled.status).toBe(200);
    const card = await ended(instanceId);
    expect(card.status).toBe('cancelled');
    const closed = await as(
      'manager',
      'GET',
      `/api/tasks?role=manager&instanceId=${instanceId}&status=cancelled`,
    );
    expect(closed.body.items.map((task: { id: string }) => task.id)).toContain(review.id);
    expect(card.openTasks).toEqual([]);
    // The latest run closed with the instance, its carried reminder with it.
    const runs = await runsOf(instanceId);
    expect(runs[runs.length - 1].status).toBe('COMPLETED');
    expect(await activitiesOf(clientId, instanceId)).toEqual([]);
  });
});
