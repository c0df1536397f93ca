/**
 * A call from the API into Temporal has a deadline: when the worker cannot finish a step in time,
 * the caller gets 503 ENGINE_UNAVAILABLE with Retry-After instead of a hanging request, and the
 * step is applied once when the worker gets through.
 */
import { DemoPeople, eventually, Flowcard, startFlowcard } from '#scripts/lib/in-process';
import { UserTask } from './tasks/user-task.entity';

const DEADLINE_MS = 1500;
let flowcard: Flowcard;
let tokens: DemoPeople['tokens'];
let as: DemoPeople['as'];

beforeAll(async () => {
  process.env.TEMPORAL_CALL_TIMEOUT_MS = String(DEADLINE_MS);
  flowcard = await startFlowcard({ workflowBundlePath: process.env.FLOWCARD_WORKFLOW_BUNDLE });
  ({ tokens, as } = await flowcard.demoPeople());
});

afterAll(() => flowcard?.stop());

async function complete(taskId: string) {
  const response = await fetch(`${flowcard.baseUrl}/api/tasks/${taskId}/complete`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.manager}` },
    body: JSON.stringify({ variables: { qualified: true } }),
  });
  return {
    status: response.status,
    retryAfter: response.headers.get('retry-after'),
    body: await response.json(),
  };
}

it('answers 503 when the worker is stuck, and completes the task once afterwards', async () => {
  const client = await as('manager', 'POST', '/api/clients', { kind: 'person', name: 'Slow' });
  const started = await as('manager', 'POST', '/api/process-instances', {
    definitionKey: 'application-handling',
    clientId: client.body.id,
  });
  const instanceId = started.body.id as string;
  const task = await eventually(async () => {
    const tasks = await as('manager', 'GET', `/api/tasks?instanceId=${instanceId}`);
    return tasks.body.items[0] as { id: string } | undefined;
  });

  // The worker's batch must update this row: while it is locked, the step cannot commit.
  const blocker = flowcard.dataSource.createQueryRunner();
  await blocker.connect();
  await blocker.startTransaction();
  await blocker.query('SELECT id FROM user_tasks WHERE id = $1 FOR UPDATE', [task.id]);
  try {
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const startedAt = Date.now();
      const refused = await complete(task.id);
      const waited = Date.now() - startedAt;
      expect(refused.status).toBe(503);
      expect(refused.body).toMatchObject({ statusCode: 503, code: 'ENGINE_UNAVAILABLE' });
      expect(refused.retryAfter).toBe('2');
      expect(waited).toBeGreaterThanOrEqual(DEADLINE_MS - 100);
      expect(waited).toBeLessThan(DEADLINE_MS + 3000);
      const row = await flowcard.dataSource.manager.findOneByOrFail(UserTask, { id: task.id });
      expect(row.status).toBe('open');
    }
  } finally {
    await blocker.rollbackTransaction();
    await blocker.release();
  }

  // The two refused calls were one update (the same update id): one completion, one next task.
  const tasks = await eventually(async () => {
    const rows = await flowcard.dataSource.manager.find(UserTask, {
      where: { instanceId },
      order: { createdAt: 'ASC' },
    });
    return rows.length === 2 ? rows : undefined;
  });
  expect(tasks.map((row) => row.status)).toEqual(['completed', 'open']);
  // A retry of the same completion, its first answer lost, answers as the first one did.
  const retried = await complete(task.id);
  expect(retried.status).toBe(200);
  expect(retried.body).toMatchObject({ id: task.id, status: 'completed' });
  await new Promise((resolve) => setTimeout(resolve, 500));
  expect(await flowcard.dataSource.manager.countBy(UserTask, { instanceId })).toBe(2);
});
