/**
 * Variables Postgres cannot store are refused at the edge (start, task completion, variable
 * change) with 400 VARIABLES_INVALID, before they reach Temporal; nothing changes, and the
 * instance can still be worked normally.
 */
import { DemoPeople, eventually, Flowcard, startFlowcard } from '#scripts/lib/in-process';
import { InstanceEvent } from './instances/instance-event.entity';
import { ProcessInstance } from './instances/process-instance.entity';
import { UserTask } from './tasks/user-task.entity';

let flowcard: Flowcard;
let as: DemoPeople['as'];

beforeAll(async () => {
  flowcard = await startFlowcard({ workflowBundlePath: process.env.FLOWCARD_WORKFLOW_BUNDLE });
  ({ as } = await flowcard.demoPeople());
});

afterAll(() => flowcard?.stop());

async function runningInstance() {
  const client = await as('manager', 'POST', '/api/clients', {
    kind: 'company',
    name: `Variables ${Date.now()}`,
  });
  const started = await as('manager', 'POST', '/api/process-instances', {
    definitionKey: 'application-handling',
    clientId: client.body.id,
    variables: { source: 'web' },
  });
  expect(started.status).toBe(201);
  const task = await eventually(async () => {
    const tasks = await as('manager', 'GET', `/api/tasks?instanceId=${started.body.id}`);
    return tasks.body.items[0] as { id: string; elementId: string } | undefined;
  });
  return { clientId: client.body.id as string, instanceId: started.body.id as string, task };
}

/** What a refused request must leave as it was. */
async function snapshot(instanceId: string) {
  const manager = flowcard.dataSource.manager;
  return {
    instance: await manager.findOneByOrFail(ProcessInstance, { id: instanceId }),
    tasks: await manager.find(UserTask, { where: { instanceId }, order: { createdAt: 'ASC' } }),
    events: await manager.countBy(InstanceEvent, { instanceId }),
  };
}

function nested(levels: number): Record<string, unknown> {
  let value: Record<string, unknown> = { leaf: 1 };
  for (let level = 1; level < levels; level += 1) value = { inner: value };
  return value;
}

it('refuses a completion with a NUL character at once; the task then completes normally', async () => {
  const { instanceId, task } = await runningInstance();
  const before = await snapshot(instanceId);
  const started = Date.now();
  const refused = await as('manager', 'POST', `/api/tasks/${task.id}/complete`, {
    variables: { qualified: true, notes: { text: 'before\u0000after' } },
  });
  expect(Date.now() - started).toBeLessThan(2000);
  expect(refused).toEqual({
    status: 400,
    body: {
      statusCode: 400,
      code: 'VARIABLES_INVALID',
      message: 'variables.notes.text contains a NUL character or a lone UTF-16 surrogate',
      details: ['variables.notes.text contains a NUL character or a lone UTF-16 surrogate'],
    },
  });
  expect(await snapshot(instanceId)).toEqual(before);

  const completed = await as('manager', 'POST', `/api/tasks/${task.id}/complete`, {
    variables: { qualified: true },
  });
  expect(completed.status).toBe(200);
  expect(completed.body.status).toBe('completed');
  const next = await as('manager', 'GET', `/api/tasks?instanceId=${instanceId}`);
  expect(next.body.items).toHaveLength(1);
  expect(next.body.items[0].id).not.toBe(task.id);
  expect((await snapshot(instanceId)).instance).toMatchObject({
    status: 'running',
    variables: { source: 'web', qualified: true },
  });
});

it.each([
  ['a key with NUL', { ['bad\u0000key']: 1 }, 'variables["bad\\u0000key"] is a key'],
  ['nesting deeper than 32 levels', nested(33), 'nests deeper than 32 levels'],
  ['more than 256 KB', { blob: 'x'.repeat(256 * 1024) }, 'at most 262144 are allowed'],
  ['a list of more than 10,000 items', { list: new Array(10_001).fill(0) }, 'more than 10000'],
])('refuses a completion with %s, changing nothing', async (_, variables, reason) => {
  const { instanceId, task } = await runningInstance();
  const before = await snapshot(instanceId);
  const refused = await as('manager', 'POST', `/api/tasks/${task.id}/complete`, { variables });
  expect(refused.status).toBe(400);
  expect(refused.body.code).toBe('VARIABLES_INVALID');
  expect(refused.body.message).toContain(reason);
  expect(await snapshot(instanceId)).toEqual(before);
});

it('refuses a start with a NUL character without creating the instance', async () => {
  const client = await as('manager', 'POST', '/api/clients', { kind: 'person', name: 'Nul Start' });
  const before = await flowcard.dataSource.manager.count(ProcessInstance);
  const refused = await as('manager', 'POST', '/api/process-instances', {
    definitionKey: 'application-handling',
    clientId: client.body.id,
    variables: { list: ['ok', '\u0000'] },
  });
  expect(refused.status).toBe(400);
  expect(refused.body).toMatchObject({
    code: 'VARIABLES_INVALID',
    message: 'variables.list[1] contains a NUL character or a lone UTF-16 surrogate',
  });
  expect(await flowcard.dataSource.manager.count(ProcessInstance)).toBe(before);
});

it('refuses a variable change with a NUL character, leaving the variables as they were', async () => {
  const { instanceId } = await runningInstance();
  const before = await snapshot(instanceId);
  const refused = await as(
    'supervisor',
    'PATCH',
    `/api/process-instances/${instanceId}/variables`,
    {
      variables: { source: 'x\u0000' },
    },
  );
  expect(refused.status).toBe(400);
  expect(refused.body.code).toBe('VARIABLES_INVALID');
  expect(await snapshot(instanceId)).toEqual(before);
  const changed = await as(
    'supervisor',
    'PATCH',
    `/api/process-instances/${instanceId}/variables`,
    {
      variables: { source: 'phone' },
    },
  );
  expect(changed.status).toBe(200);
  expect(changed.body.variables).toMatchObject({ source: 'phone' });
});
