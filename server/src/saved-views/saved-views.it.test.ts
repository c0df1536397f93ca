/** Saved views of the client list on the real API and Postgres: private to their owner. */
import { useFlowcard } from '#test/harness/index';

const { flowcard, as } = useFlowcard({ worker: false });

const view = {
  screen: 'clients',
  name: 'My VIP leads',
  filters: { status: 'lead', kind: 'company', ownerId: 'me', tag: 'vip', q: 'north' },
  sort: 'createdAt',
  order: 'desc',
};

describe('saved views', () => {
  it('are saved, listed by name, changed and deleted by their owner', async () => {
    const created = await as('manager', 'POST', '/api/saved-views', view);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject(view);
    const other = await as('manager', 'POST', '/api/saved-views', {
      ...view,
      name: 'all companies',
      filters: { kind: 'company' },
      sort: 'name',
      order: 'asc',
    });
    expect(other.status).toBe(201);

    const listed = await as('manager', 'GET', '/api/saved-views?screen=clients');
    expect(listed.status).toBe(200);
    // Listed by name, among whatever views earlier test files saved for the same demo user.
    const ids = listed.body.items.map((item: { id: string }) => item.id);
    expect(ids.filter((id: string) => [created.body.id, other.body.id].includes(id))).toEqual([
      other.body.id,
      created.body.id,
    ]);

    const renamed = await as('manager', 'PATCH', `/api/saved-views/${created.body.id}`, {
      name: 'VIP leads',
      filters: { status: 'lead' },
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({
      name: 'VIP leads',
      filters: { status: 'lead' },
      sort: 'createdAt',
      order: 'desc',
    });
    expect((await as('manager', 'GET', `/api/saved-views/${created.body.id}`)).body).toEqual(
      renamed.body,
    );

    expect((await as('manager', 'DELETE', `/api/saved-views/${created.body.id}`)).status).toBe(204);
    expect((await as('manager', 'GET', `/api/saved-views/${created.body.id}`)).status).toBe(404);
    expect((await as('manager', 'DELETE', `/api/saved-views/${created.body.id}`)).status).toBe(404);
  });

  it("are another user's to neither read, change nor delete", async () => {
    const { body: mine } = await as('manager', 'POST', '/api/saved-views', {
      ...view,
      name: 'private',
    });
    const theirs = await as('noah', 'GET', '/api/saved-views?screen=clients');
    expect(theirs.body.items.map((item: { id: string }) => item.id)).not.toContain(mine.id);
    for (const who of ['noah', 'admin'] as const) {
      expect((await as(who, 'GET', `/api/saved-views/${mine.id}`)).status).toBe(404);
      expect(
        (await as(who, 'PATCH', `/api/saved-views/${mine.id}`, { name: 'taken over' })).status,
      ).toBe(404);
      expect((await as(who, 'DELETE', `/api/saved-views/${mine.id}`)).status).toBe(404);
    }
    expect((await as('manager', 'GET', `/api/saved-views/${mine.id}`)).body.name).toBe('private');
    // The same name is free for someone else.
    expect(
      (await as('noah', 'POST', '/api/saved-views', { ...view, name: 'PRIVATE' })).status,
    ).toBe(201);
  });

  it('refuses a name its owner already gave a view, whatever its case', async () => {
    await as('supervisor', 'POST', '/api/saved-views', { ...view, name: 'Twice' });
    const again = await as('supervisor', 'POST', '/api/saved-views', { ...view, name: 'twice ' });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('SAVED_VIEW_NAME_TAKEN');
    const { body: second } = await as('supervisor', 'POST', '/api/saved-views', {
      ...view,
      name: 'Once',
    });
    const renamed = await as('supervisor', 'PATCH', `/api/saved-views/${second.id}`, {
      name: 'TWICE',
    });
    expect(renamed.status).toBe(409);
    expect((await as('supervisor', 'GET', `/api/saved-views/${second.id}`)).body.name).toBe('Once');
  });

  it.each([
    ['an unknown screen', { ...view, screen: 'deals' }],
    ['no name', { ...view, name: '  ' }],
    ['a name of 101 characters', { ...view, name: 'x'.repeat(101) }],
    ['an unknown sort', { ...view, sort: 'score' }],
    ['an unknown order', { ...view, order: 'up' }],
    ['filters that are not an object', { ...view, filters: 'vip' }],
    ['an unknown filter', { ...view, filters: { colour: 'red' } }],
    ['a bad kind filter', { ...view, filters: { kind: 'robot' } }],
    ['an owner filter that is neither me nor a user id', { ...view, filters: { ownerId: 'x' } }],
    ['an unknown field', { ...view, shared: true }],
  ])('refuses %s with 400 and saves nothing', async (_, body) => {
    const before = await as('analyst', 'GET', '/api/saved-views?screen=clients');
    const response = await as('analyst', 'POST', '/api/saved-views', body);
    expect(response.status).toBe(400);
    expect(response.body.code).toEqual(expect.any(String));
    const after = await as('analyst', 'GET', '/api/saved-views?screen=clients');
    expect(after.body.items).toEqual(before.body.items);
  });

  it('refuses a change to the screen, a null field and a bad id or screen', async () => {
    const { body: saved } = await as('analyst', 'POST', '/api/saved-views', {
      ...view,
      name: 'fixed',
    });
    for (const change of [{ screen: 'clients' }, { name: null }, { sort: null }]) {
      expect((await as('analyst', 'PATCH', `/api/saved-views/${saved.id}`, change)).status).toBe(
        400,
      );
    }
    expect((await as('analyst', 'GET', '/api/saved-views/not-a-uuid')).status).toBe(400);
    expect((await as('analyst', 'GET', '/api/saved-views?screen=deals')).status).toBe(400);
    expect((await as('analyst', 'GET', '/api/saved-views')).status).toBe(400);
  });

  it('needs a token', async () => {
    expect((await flowcard.api(null, 'GET', '/api/saved-views?screen=clients')).status).toBe(401);
  });
});
