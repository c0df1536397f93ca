/**
 * The clients API on the real app and Postgres: the profile, validation, lists with filters,
 * sort and cursors, contacts of a company, soft delete, and who may read and change which client.
 */
import { randomUUID } from 'node:crypto';
import { DemoPerson, eventually, everyPage, unique, useFlowcard } from '#test/harness/index';
import { clientEvents } from '#test/outbox';
import { AuditEntry } from '#server/audit/audit-entry.entity';
import { ProcessInstance } from '#server/processes/instances/process-instance.entity';
import { Client } from './client.entity';

const { flowcard, tokens, ids, as, newClient, startInstance } = useFlowcard();

describe('the profile', () => {
  it('creates a full profile owned by the caller, with its first status, audited', async () => {
    const name = unique('Acme');
    const body = {
      kind: 'company',
      name,
      emails: ['info@acme.example', 'sales@acme.example'],
      phones: ['+49 30 1234567'],
      address: 'Main Street 1, Berlin',
      source: 'web form',
      tags: ['vip', 'b2b'],
      custom: { industry: 'tools', employees: 40 },
    };
    const created = await newClient('manager', body);
    expect(created).toMatchObject({ ...body, status: 'lead', ownerId: ids.manager });
    expect(created.owner).toEqual({
      id: ids.manager,
      name: 'Mia Manager',
      email: 'manager@demo.local',
    });
    expect(await clientEvents(flowcard.dataSource, created.id)).toEqual([
      {
        type: 'client.created',
        payload: { clientId: created.id, name, status: 'lead', ownerId: ids.manager },
        clientId: created.id,
        instanceId: null,
        elementId: null,
        actorUserId: ids.manager,
        actorIntegration: null,
      },
    ]);

    const read = await as('manager', 'GET', `/api/clients/${created.id}`);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject(body);

    const audit = await flowcard.dataSource.manager.findBy(AuditEntry, {
      entityType: 'client',
      entityId: created.id,
    });
    expect(audit).toEqual([
      expect.objectContaining({
        action: 'create',
        actorUserId: ids.manager,
        after: expect.objectContaining({ name, tags: ['vip', 'b2b'] }),
      }),
    ]);
  });

  it('updates only what changed, audits the difference and replaces lists whole', async () => {
    const created = await newClient('manager', {
      kind: 'person',
      name: unique('Petra'),
      tags: ['a', 'b'],
      source: 'fair',
    });
    const updated = await as('manager', 'PATCH', `/api/clients/${created.id}`, {
      tags: ['c'],
      address: 'Elm Street 2',
      source: null,
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ tags: ['c'], address: 'Elm Street 2', source: null });
    expect(updated.body.name).toBe(created.name);

    const entries = await flowcard.dataSource.manager.find(AuditEntry, {
      where: { entityType: 'client', entityId: created.id, action: 'update' },
    });
    expect(entries).toEqual([
      expect.objectContaining({
        actorUserId: ids.manager,
        before: { tags: ['a', 'b'], address: null, source: 'fair' },
        after: { tags: ['c'], address: 'Elm Street 2', source: null },
      }),
    ]);
  });

  it('refuses unknown fields, wrong types and bad values with 400', async () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ kind: 'company', name: 'X', color: 'red' }, /color should not exist/],
      [{ kind: 'company', name: 42 }, /name must be a string/],
      [{ kind: 'company', name: 'X', emails: ['not-an-email'] }, /emails must be an email/],
      [{ kind: 'company', name: 'X', emails: 'a@b.example' }, /emails must be an array/],
      [{ kind: 'company', name: 'X', phones: ['call me'] }, /phones must be a phone number/],
      [{ kind: 'company', name: 'X', tags: ['ok', 'a;b'] }, /tags must have no ";"/],
      [{ kind: 'company', name: 'X', tags: ['dup', 'dup'] }, /tags's elements must be unique/],
      [{ kind: 'company', name: 'X', custom: [1, 2] }, /custom must be an object/],
      [{ kind: 'company', name: 'X', ownerId: 'me' }, /ownerId must be a UUID/],
      [{ kind: 'company', name: null }, /name must be a string/],
    ];
    for (const [body, message] of cases) {
      const response = await as('manager', 'POST', '/api/clients', body);
      expect({ body, status: response.status, code: response.body.code }).toEqual({
        body,
        status: 400,
        code: 'VALIDATION_FAILED',
      });
      expect(response.body.message).toMatch(message);
    }
    const created = await newClient('manager', { kind: 'company', name: unique('Fixed') });
    for (const body of [{ status: 'active' }, { kind: 'person' }, { name: null }, { tags: 'x' }]) {
      const response = await as('manager', 'PATCH', `/api/clients/${created.id}`, body);
      expect({ body, status: response.status }).toEqual({ body, status: 400 });
    }
  });

  it('refuses a status that does not exist and an owner that does not exist', async () => {
    const status = await as('manager', 'POST', '/api/clients', {
      kind: 'company',
      name: unique('Nope'),
      status: 'golden',
    });
    expect(status.status).toBe(400);
    expect(status.body.code).toBe('UNKNOWN_STATUS');
    expect(status.body.message).toMatch(/golden.*lead, potential, active, inactive, lost/);

    const owner = await as('admin', 'POST', '/api/clients', {
      kind: 'company',
      name: unique('Nobody'),
      ownerId: randomUUID(),
    });
    expect(owner.status).toBe(400);
    expect(owner.body.code).toBe('UNKNOWN_OWNER');
  });
});

describe('companies and their people', () => {
  it('links people to a company, lists them and keeps companies out of companies', async () => {
    const company = await newClient('manager', { kind: 'company', name: unique('Globex') });
    const alice = await newClient('manager', {
      kind: 'person',
      name: `A ${company.name}`,
      companyId: company.id,
    });
    const bob = await newClient('noah', {
      kind: 'person',
      name: `B ${company.name}`,
      companyId: company.id,
    });
    await newClient('manager', { kind: 'person', name: unique('Loner') });

    const contacts = await as('manager', 'GET', `/api/clients/${company.id}/contacts`);
    expect(contacts.status).toBe(200);
    expect(contacts.body.items.map((person: Client) => person.id)).toEqual([alice.id, bob.id]);
    const firstPage = await as('manager', 'GET', `/api/clients/${company.id}/contacts?limit=1`);
    expect(firstPage.body.items.map((person: Client) => person.id)).toEqual([alice.id]);
    const secondPage = await as(
      'manager',
      'GET',
      `/api/clients/${company.id}/contacts?limit=1&cursor=${firstPage.body.nextCursor}`,
    );
    expect(secondPage.body).toEqual({
      items: [expect.objectContaining({ id: bob.id })],
      nextCursor: null,
    });

    const filtered = await as('manager', 'GET', `/api/clients?companyId=${company.id}`);
    expect(filtered.body.items.map((person: Client) => person.id)).toEqual([alice.id, bob.id]);

    const companyInCompany = await as('manager', 'POST', '/api/clients', {
      kind: 'company',
      name: unique('Sub'),
      companyId: company.id,
    });
    expect(companyInCompany.status).toBe(400);
    expect(companyInCompany.body.code).toBe('COMPANY_ONLY_FOR_PEOPLE');
    const personAsCompany = await as('manager', 'PATCH', `/api/clients/${bob.id}`, {
      companyId: alice.id,
    });
    expect(personAsCompany.status).toBe(400);
    expect(personAsCompany.body.code).toBe('NOT_A_COMPANY');

    // A company the caller cannot see is reported as not found.
    const hidden = await as('sara', 'POST', '/api/clients', {
      kind: 'person',
      name: unique('Spy'),
      companyId: company.id,
    });
    expect(hidden.status).toBe(404);

    const detached = await as('manager', 'PATCH', `/api/clients/${alice.id}`, { companyId: null });
    expect(detached.body.companyId).toBeNull();
  });
});

describe('the list', () => {
  it('filters by status, kind, owner, tag and name, sorts and pages with cursors', async () => {
    const tag = `t-${randomUUID().slice(0, 8)}`;
    const prefix = unique('Listed');
    const made = [];
    for (const [index, who] of (
      ['manager', 'noah', 'manager', 'manager', 'noah'] as const
    ).entries()) {
      made.push(
        await newClient(who, {
          kind: index % 2 ? 'person' : 'company',
          name: `${prefix} ${String.fromCharCode(69 - index)}`,
          tags: [tag],
        }),
      );
    }
    const list = async (query: string, who: DemoPerson = 'manager') => {
      const response = await as(who, 'GET', `/api/clients?tag=${tag}&${query}`);
      expect(response.status).toBe(200);
      return response.body;
    };
    const names = (page: { items: Client[] }) => page.items.map((client) => client.name.slice(-1));

    expect(names(await list(''))).toEqual(['A', 'B', 'C', 'D', 'E']);
    expect(names(await list('order=desc'))).toEqual(['E', 'D', 'C', 'B', 'A']);
    expect(names(await list('sort=createdAt'))).toEqual(['E', 'D', 'C', 'B', 'A']);
    expect(names(await list('kind=person'))).toEqual(['B', 'D']);
    expect(names(await list(`ownerId=${ids.noah}`))).toEqual(['A', 'D']);
    expect(names(await list('ownerId=me', 'noah'))).toEqual(['A', 'D']);
    expect(
      names(await list(`q=${encodeURIComponent(`${prefix.slice(-8)} c`.toUpperCase())}`)),
    ).toEqual(['C']);
    expect(names(await list('q=%25'))).toEqual([]);

    await as('manager', 'POST', `/api/clients/${made[0].id}/status`, { status: 'potential' });
    expect(names(await list('status=potential'))).toEqual(['E']);
    expect(names(await list('sort=updatedAt&order=desc&limit=1'))).toEqual(['E']);

    const pages = await everyPage((cursor) => list(`sort=createdAt&limit=2${cursor}`));
    for (const page of pages) expect(page.items.length).toBeLessThanOrEqual(2);
    expect(pages.flatMap(names)).toEqual(['E', 'D', 'C', 'B', 'A']);

    const badCursor = await as('manager', 'GET', '/api/clients?cursor=garbage');
    expect(badCursor.status).toBe(400);
    const badSort = await as('manager', 'GET', '/api/clients?sort=owner');
    expect(badSort.status).toBe(400);
    const unknownFilter = await as('manager', 'GET', '/api/clients?colour=red');
    expect(unknownFilter.status).toBe(400);
  });
});

describe('who may do what', () => {
  let client: { id: string; name: string };

  beforeAll(async () => {
    client = await newClient('manager', { kind: 'company', name: unique('Guarded') });
  });

  const listed = async (who: DemoPerson) => {
    const response = await as(who, 'GET', `/api/clients?q=${encodeURIComponent(client.name)}`);
    return response.body.items.map((item: Client) => item.id);
  };

  it('lets admins, analysts, the team and its supervisor read; hides it from other teams', async () => {
    for (const who of ['admin', 'analyst', 'manager', 'noah', 'supervisor'] as const) {
      expect({ who, status: (await as(who, 'GET', `/api/clients/${client.id}`)).status }).toEqual({
        who,
        status: 200,
      });
      expect({ who, listed: await listed(who) }).toEqual({ who, listed: [client.id] });
      const card = await as(who, 'GET', `/api/clients/${client.id}/card`);
      expect({ who, status: card.status }).toEqual({ who, status: 200 });
    }
    for (const path of ['', '/card', '/timeline', '/contacts']) {
      const response = await as('sara', 'GET', `/api/clients/${client.id}${path}`);
      expect({ path, status: response.status, code: response.body.code }).toEqual({
        path,
        status: 404,
        code: 'NOT_FOUND',
      });
    }
    expect(await listed('sara')).toEqual([]);
  });

  it('lets admins, the team and its supervisor change it; analysts get 403, other teams 404', async () => {
    for (const who of ['admin', 'manager', 'noah', 'supervisor'] as const) {
      const response = await as(who, 'PATCH', `/api/clients/${client.id}`, { source: who });
      expect({ who, status: response.status }).toEqual({ who, status: 200 });
    }
    const analyst = await as('analyst', 'PATCH', `/api/clients/${client.id}`, { source: 'x' });
    expect(analyst.status).toBe(403);
    expect(analyst.body.code).toBe('FORBIDDEN');
    const sara = await as('sara', 'PATCH', `/api/clients/${client.id}`, { source: 'x' });
    expect(sara.status).toBe(404);
    for (const who of ['analyst', 'sara'] as const) {
      const status = await as(who, 'POST', `/api/clients/${client.id}/status`, {
        status: 'potential',
      });
      expect({ who, status: status.status }).toEqual({ who, status: who === 'sara' ? 404 : 403 });
      const removed = await as(who, 'DELETE', `/api/clients/${client.id}`);
      expect({ who, status: removed.status }).toEqual({ who, status: who === 'sara' ? 404 : 403 });
    }
    const unchanged = await flowcard.dataSource.manager.findOneByOrFail(Client, { id: client.id });
    expect(unchanged).toMatchObject({ source: 'supervisor', status: 'lead', deletedAt: null });
  });

  it('lets owners be given only within the teams the caller may change', async () => {
    expect(
      (await newClient('manager', { kind: 'company', name: unique('Gift'), ownerId: ids.noah }))
        .ownerId,
    ).toBe(ids.noah);
    const toOtherTeam = await as('manager', 'POST', '/api/clients', {
      kind: 'company',
      name: unique('Gift'),
      ownerId: ids.sara,
    });
    expect(toOtherTeam.status).toBe(403);
    const byAnalyst = await as('analyst', 'POST', '/api/clients', { kind: 'company', name: 'X' });
    expect(byAnalyst.status).toBe(403);

    const reassigned = await as('supervisor', 'PATCH', `/api/clients/${client.id}`, {
      ownerId: ids.noah,
    });
    expect(reassigned.status).toBe(200);
    expect(reassigned.body.owner).toMatchObject({ id: ids.noah, name: 'Noah North' });
    const outOfTeam = await as('supervisor', 'PATCH', `/api/clients/${client.id}`, {
      ownerId: ids.sara,
    });
    expect(outOfTeam.status).toBe(403);
    const byAdmin = await as('admin', 'PATCH', `/api/clients/${client.id}`, { ownerId: ids.sara });
    expect(byAdmin.status).toBe(200);
    expect((await as('sara', 'GET', `/api/clients/${client.id}`)).status).toBe(200);
    expect((await as('manager', 'GET', `/api/clients/${client.id}`)).status).toBe(404);
  });
});

describe('deleting', () => {
  it('soft-deletes: the client disappears from reads and lists, the row and audit remain', async () => {
    const doomed = await newClient('manager', { kind: 'company', name: unique('Doomed') });
    const removed = await as('noah', 'DELETE', `/api/clients/${doomed.id}`);
    expect(removed.status).toBe(204);
    expect((await as('manager', 'GET', `/api/clients/${doomed.id}`)).status).toBe(404);
    const listed = await as('admin', 'GET', `/api/clients?q=${encodeURIComponent(doomed.name)}`);
    expect(listed.body.items).toEqual([]);
    expect((await as('manager', 'DELETE', `/api/clients/${doomed.id}`)).status).toBe(404);

    const row = await flowcard.dataSource.manager.findOne(Client, {
      where: { id: doomed.id },
      withDeleted: true,
    });
    expect(row?.deletedAt).toBeInstanceOf(Date);
    const entries = await flowcard.dataSource.manager.findBy(AuditEntry, {
      entityId: doomed.id,
      action: 'delete',
    });
    expect(entries).toEqual([
      expect.objectContaining({
        actorUserId: ids.noah,
        before: expect.objectContaining({ name: doomed.name }),
      }),
    ]);
  });

  it('refuses to delete a client with a running process', async () => {
    const busy = await newClient('manager', { kind: 'company', name: unique('Busy') });
    const { instance } = await startInstance('application-handling', busy);
    const removed = await as('manager', 'DELETE', `/api/clients/${busy.id}`);
    expect(removed.status).toBe(409);
    expect(removed.body.code).toBe('CLIENT_HAS_RUNNING_PROCESSES');
    expect((await as('manager', 'GET', `/api/clients/${busy.id}`)).status).toBe(200);
    const cancelled = await as(
      'supervisor',
      'POST',
      `/api/process-instances/${instance.id}/cancel`,
      {},
    );
    expect(cancelled.status).toBe(200);
    expect((await as('manager', 'DELETE', `/api/clients/${busy.id}`)).status).toBe(204);
  });
});

describe('a deleted client', () => {
  it('is not found for new deals, activities and processes, in search or live', async () => {
    const gone = await newClient('manager', { kind: 'company', name: unique('Vanished') });
    const { instance } = await startInstance('application-handling', gone);
    const instanceId = instance.id;
    const cancel = `/api/process-instances/${instanceId}/cancel`;
    expect((await as('supervisor', 'POST', cancel, {})).status).toBe(200);
    expect((await as('manager', 'DELETE', `/api/clients/${gone.id}`)).status).toBe(204);

    const additions: [string, Record<string, unknown>][] = [
      ['/api/deals', { clientId: gone.id, title: 'Too late' }],
      ['/api/activities', { clientId: gone.id, kind: 'note', subject: 'Too late', body: 'x' }],
      ['/api/process-instances', { definitionKey: 'application-handling', clientId: gone.id }],
    ];
    for (const [path, body] of additions) {
      const response = await as('admin', 'POST', path, body);
      expect({ path, status: response.status, code: response.body.code }).toEqual({
        path,
        status: 404,
        code: 'NOT_FOUND',
      });
    }
    const found = await as('admin', 'GET', `/api/search?q=${encodeURIComponent(gone.name)}`);
    expect(found.body.items.map((item: { id: string }) => item.id)).not.toContain(gone.id);

    // Live rooms follow the REST API: the card is gone for everyone; its past process stays
    // visible to those who read everything.
    for (const [who, instanceVisible] of [
      ['admin', true],
      ['manager', false],
    ] as const) {
      const card = await as(who, 'GET', `/api/process-instances/${instanceId}`);
      const socket = await flowcard.socket(tokens[who]);
      const clientRoom = await socket.emitWithAck('subscribe', { room: `client:${gone.id}` });
      const instanceRoom = await socket.emitWithAck('subscribe', {
        room: `instance:${instanceId}`,
      });
      expect({ who, card: card.status, client: clientRoom.ok, instance: instanceRoom.ok }).toEqual({
        who,
        card: instanceVisible ? 200 : 404,
        client: false,
        instance: instanceVisible,
      });
    }
  });

  it('is not found by a process started while the client is being deleted', async () => {
    const client = await newClient('manager', { kind: 'company', name: unique('Racing') });
    const deleting = flowcard.dataSource.createQueryRunner();
    await deleting.connect();
    try {
      await deleting.startTransaction();
      // What DELETE /clients/:id does: lock the row, find no running process, mark it deleted.
      await deleting.query('SELECT id FROM clients WHERE id = $1 FOR UPDATE', [client.id]);
      await deleting.query('UPDATE clients SET deleted_at = now() WHERE id = $1', [client.id]);
      const [{ pid }] = await deleting.query('SELECT pg_backend_pid() AS pid');
      const starting = as('manager', 'POST', '/api/process-instances', {
        definitionKey: 'application-handling',
        clientId: client.id,
      });
      // The start reaches the client row and waits for the delete to finish.
      await eventually(async () => {
        const [{ waiting }] = await flowcard.dataSource.query(
          'SELECT count(*)::int AS waiting FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid))',
          [pid],
        );
        return waiting > 0;
      });
      await deleting.commitTransaction();
      const started = await starting;
      expect({ status: started.status, code: started.body.code }).toEqual({
        status: 404,
        code: 'NOT_FOUND',
      });
      expect(
        await flowcard.dataSource.manager.countBy(ProcessInstance, { clientId: client.id }),
      ).toBe(0);
    } finally {
      if (deleting.isTransactionActive) await deleting.rollbackTransaction();
      await deleting.release();
    }
  });
});
