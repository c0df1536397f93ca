/**
 * No request holds a transaction while it waits for a second pool connection. With a pool of one
 * connection such a request can never finish (it would answer 503 DATABASE_BUSY once the pool
 * timeout passes), so every write path that locks or checks access inside a transaction runs
 * here, as a manager, whose access the policy reads from the database.
 */
import { DemoPeople, eventually, Flowcard, startFlowcard } from '#scripts/lib/in-process';

jest.setTimeout(120_000);

let flowcard: Flowcard;
let people: DemoPeople;

beforeAll(async () => {
  process.env.DATABASE_POOL_SIZE = '1';
  process.env.DATABASE_POOL_TIMEOUT_MS = '3000';
  flowcard = await startFlowcard({ workflowBundlePath: process.env.FLOWCARD_WORKFLOW_BUNDLE });
  people = await flowcard.demoPeople();
});

afterAll(() => flowcard?.stop());

async function expectStatus(
  status: number,
  who: Parameters<DemoPeople['as']>[0],
  method: string,
  path: string,
  body?: unknown,
) {
  const response = await people.as(who, method, path, body);
  expect({ path, status: response.status, body: response.body }).toMatchObject({ path, status });
  return response.body;
}

it('runs every write path of clients, deals, activities and processes on one connection', async () => {
  const { ids } = people;
  const company = await expectStatus(201, 'manager', 'POST', '/api/clients', {
    kind: 'company',
    name: 'One Connection Inc',
  });
  const person = await expectStatus(201, 'manager', 'POST', '/api/clients', {
    kind: 'person',
    name: 'Olga One',
    companyId: company.id,
  });
  await expectStatus(200, 'manager', 'PATCH', `/api/clients/${person.id}`, {
    ownerId: ids.noah,
    companyId: company.id,
  });
  await expectStatus(200, 'manager', 'POST', `/api/clients/${company.id}/status`, {
    status: 'potential',
  });

  const deal = await expectStatus(201, 'manager', 'POST', '/api/deals', {
    clientId: company.id,
    title: 'One deal',
  });
  await expectStatus(200, 'manager', 'PATCH', `/api/deals/${deal.id}`, { ownerId: ids.noah });
  await expectStatus(200, 'manager', 'POST', `/api/deals/${deal.id}/lose`, { reason: 'Price' });
  await expectStatus(204, 'manager', 'DELETE', `/api/deals/${deal.id}`);

  const activity = await expectStatus(201, 'manager', 'POST', '/api/activities', {
    kind: 'task',
    clientId: company.id,
    subject: 'Call back',
    dueAt: new Date(Date.now() + 86_400_000).toISOString(),
  });
  await expectStatus(200, 'manager', 'PATCH', `/api/activities/${activity.id}`, {
    assigneeId: ids.noah,
  });
  await expectStatus(200, 'manager', 'POST', `/api/activities/${activity.id}/complete`, {});

  const instance = await expectStatus(201, 'manager', 'POST', '/api/process-instances', {
    definitionKey: 'application-handling',
    clientId: company.id,
  });
  const task = await eventually(async () => {
    const tasks = await people.as('manager', 'GET', `/api/tasks?instanceId=${instance.id}`);
    return tasks.body.items[0] as { id: string } | undefined;
  });
  await expectStatus(200, 'manager', 'POST', `/api/tasks/${task.id}/claim`);
  await expectStatus(200, 'supervisor', 'POST', `/api/tasks/${task.id}/assign`, {
    assigneeId: ids.noah,
  });
  await expectStatus(200, 'noah', 'POST', `/api/tasks/${task.id}/complete`, {
    variables: { qualified: true },
  });
  await expectStatus(
    200,
    'supervisor',
    'PATCH',
    `/api/process-instances/${instance.id}/variables`,
    {
      variables: { note: 'one connection' },
    },
  );
  await expectStatus(200, 'supervisor', 'POST', `/api/process-instances/${instance.id}/cancel`, {});

  await expectStatus(204, 'manager', 'DELETE', `/api/clients/${person.id}`);
});
