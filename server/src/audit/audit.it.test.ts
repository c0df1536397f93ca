/**
 * The audit log endpoint on the real app and Postgres: who may read it, what a supervisor sees,
 * its filters, its newest-first cursor pages and how it names its actors.
 */
import { randomUUID } from 'node:crypto';
import { DemoPerson, everyPage, useFlowcard } from '#test/harness/index';
import { ProcessDefinition } from '../processes/definitions/process-definition.entity';
import { ProcessInstance } from '../processes/instances/process-instance.entity';
import { AuditEntry } from './audit-entry.entity';

const { flowcard, ids, as, newClient } = useFlowcard({ worker: false });

/** A type of entity only this run writes, so the log can be narrowed to this test's entries. */
const entityType = `audit-test-${randomUUID().slice(0, 8)}`;
const start = Date.now() - 60_000;
const at = (seconds: number) => new Date(start + seconds * 1000);
const instances = {} as Record<'north' | 'south', string>;

beforeAll(async () => {
  const manager = flowcard.dataSource.manager;
  const definition = await manager.findOneByOrFail(ProcessDefinition, {
    key: 'application-handling',
  });
  // A process running on a client of team North and one on a client of team South.
  for (const [team, owner] of [
    ['north', 'manager'],
    ['south', 'sara'],
  ] as const) {
    // No team in the name: other tests' searches would find "south" similar to their words.
    const client = await newClient(owner, { name: `Audited client ${entityType}` });
    const id = randomUUID();
    await manager.insert(ProcessInstance, {
      id,
      workflowId: `audit-test-${id}`,
      definitionId: definition.id,
      clientId: client.id,
      status: 'completed',
      variables: {},
    });
    instances[team] = id;
  }
  const entries: [string, Partial<AuditEntry>][] = [
    ['e1', { actorUserId: ids.manager }],
    ['e2', { actorUserId: ids.sara }],
    ['e3', { actorProcessInstanceId: instances.north, actorElementId: 'Task_MarkPotential' }],
    ['e4', { actorProcessInstanceId: instances.south, actorElementId: 'Task_MarkLost' }],
    ['e5', { actorUserId: ids.admin }],
    ['e6', { actorUserId: ids.noah }],
  ];
  for (const [index, [entityId, actor]] of entries.entries()) {
    await manager.insert(AuditEntry, {
      ...actor,
      at: at(index + 1),
      entityType,
      entityId,
      action: 'update',
      before: { step: index },
      after: { step: index + 1 },
    });
  }
});

const audit = (who: DemoPerson, query = '') =>
  as(who, 'GET', `/api/audit?entityType=${entityType}${query}`);

const entityIds = (body: { items: { entityId: string }[] }) =>
  body.items.map((entry) => entry.entityId);

it('is for admins and supervisors only', async () => {
  for (const who of ['analyst', 'manager', 'noah', 'sara'] as const) {
    const response = await audit(who);
    expect({ who, status: response.status, code: response.body.code }).toEqual({
      who,
      status: 403,
      code: 'FORBIDDEN',
    });
  }
});

it('shows admins everything, newest first, with named actors', async () => {
  const response = await audit('admin');
  expect(response.status).toBe(200);
  expect(entityIds(response.body)).toEqual(['e6', 'e5', 'e4', 'e3', 'e2', 'e1']);
  expect(response.body.nextCursor).toBeNull();
  const byId = (id: string) =>
    response.body.items.find((entry: { entityId: string }) => entry.entityId === id);
  expect(byId('e1')).toMatchObject({
    entityType,
    action: 'update',
    at: at(1).toISOString(),
    actor: { type: 'user', id: ids.manager, name: 'Mia Manager' },
    before: { step: 0 },
    after: { step: 1 },
  });
  expect(byId('e3').actor).toEqual({
    type: 'process',
    instanceId: instances.north,
    definitionKey: 'application-handling',
    elementId: 'Task_MarkPotential',
    elementName: 'Mark client as potential',
  });
});

it('shows a supervisor what their team did and what processes did on their clients', async () => {
  const response = await audit('supervisor');
  expect(response.status).toBe(200);
  expect(entityIds(response.body)).toEqual(['e6', 'e3', 'e1']);
});

it('filters by entity, actor and time, and pages by cursor', async () => {
  expect(entityIds((await audit('admin', '&entityId=e3')).body)).toEqual(['e3']);
  expect(entityIds((await audit('admin', `&actorUserId=${ids.sara}`)).body)).toEqual(['e2']);
  expect(entityIds((await audit('supervisor', `&actorUserId=${ids.sara}`)).body)).toEqual([]);
  const window = `&from=${at(2).toISOString()}&to=${at(5).toISOString()}`;
  expect(entityIds((await audit('admin', window)).body)).toEqual(['e4', 'e3', 'e2']);

  const pages = await everyPage(async (cursor) => (await audit('admin', `&limit=4${cursor}`)).body);
  for (const page of pages) expect(page.items.length).toBeLessThanOrEqual(4);
  expect(pages.flatMap(entityIds)).toEqual(['e6', 'e5', 'e4', 'e3', 'e2', 'e1']);
});

it('refuses malformed filters', async () => {
  for (const query of ['&from=yesterday', '&actorUserId=someone', '&limit=0', '&colour=red']) {
    const response = await audit('admin', query);
    expect({ query, status: response.status }).toEqual({ query, status: 400 });
  }
});
