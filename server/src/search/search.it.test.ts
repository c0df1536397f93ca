/** Ranked, typo-tolerant search over clients, contacts and deals, within the caller's rights. */
import { insertRunningInstance, useFlowcard } from '#test/harness/index';
import { Client } from '../crm/clients/client.entity';
import { UserTask } from '../processes/tasks/user-task.entity';

const { flowcard, tokens, ids: userIds } = useFlowcard({ worker: false });
let records: Record<'traders' | 'group' | 'contact' | 'south' | 'deal', string>;

interface Item {
  type: string;
  id: string;
  title: string;
  subtitle: string;
  score: number;
}

beforeAll(async () => {
  const repository = flowcard.dataSource.getRepository(Client);
  const save = (fields: Partial<Client>) =>
    repository.save(repository.create({ status: 'active', ownerId: userIds.manager, ...fields }));
  const traders = await save({
    kind: 'company',
    name: 'Quillfeather Traders',
    emails: ['orders@quillfeather.example'],
    phones: ['+49 89 7319 4682'],
    tags: ['platinumtier'],
  });
  const group = await save({ kind: 'company', name: 'Quillfeather Traders Group' });
  const contact = await save({
    kind: 'person',
    name: 'Ottilie Quarzberg',
    companyId: traders.id,
    emails: ['ottilie@quillfeather.example'],
  });
  const south = await save({
    kind: 'company',
    name: 'Southbound Vexillology',
    ownerId: userIds.sara,
  });
  const [deal] = await flowcard.dataSource.query(
    `INSERT INTO deals (client_id, pipeline_id, stage_id, title, amount, owner_id)
     SELECT $1, stage.pipeline_id, stage.id, 'Quillfeather annual renewal', 1200, $2
       FROM pipeline_stages stage JOIN pipelines pipeline ON pipeline.id = stage.pipeline_id
      WHERE pipeline.is_default ORDER BY stage.position LIMIT 1
     RETURNING id`,
    [traders.id, userIds.manager],
  );
  records = {
    traders: traders.id,
    group: group.id,
    contact: contact.id,
    south: south.id,
    deal: deal.id,
  };
});

/** The widest page, so that records other test files add cannot push ours out of it. */
async function search(token: string, q: string, limit = 50): Promise<Item[]> {
  const params = new URLSearchParams({ q, limit: String(limit) });
  const response = await flowcard.api(token, 'GET', `/api/search?${params}`);
  expect(response.status).toBe(200);
  return response.body.items;
}

const ids = (items: Item[]) => items.map((item) => item.id);

describe('search', () => {
  it('finds a client by its name with typos', async () => {
    for (const typo of ['quilfeather', 'Qullfeather Tradrs', 'quillfaether']) {
      expect({ typo, ids: ids(await search(tokens.manager, typo)) }).toEqual({
        typo,
        ids: expect.arrayContaining([records.traders]),
      });
    }
  });

  it('finds a client by email, exactly and by a part of it', async () => {
    const [first] = await search(tokens.manager, 'ORDERS@quillfeather.example');
    expect(first).toMatchObject({ type: 'client', id: records.traders });
    expect(first.score).toBeGreaterThanOrEqual(2);
    expect(ids(await search(tokens.manager, 'ottilie@quill'))).toContain(records.contact);
  });

  it('finds a client by phone number, however it is written', async () => {
    for (const phone of ['+49 89 7319 4682', '0049-89-73194682', '7319 4682', '8973194682']) {
      expect({ phone, ids: ids(await search(tokens.manager, phone)) }).toEqual({
        phone,
        ids: expect.arrayContaining([records.traders]),
      });
    }
    const [exact] = await search(tokens.manager, '+49 (89) 73194682');
    expect(exact.id).toBe(records.traders);
    expect(exact.score).toBeGreaterThanOrEqual(2);
  });

  it('finds a client by tag', async () => {
    expect(ids(await search(tokens.manager, 'platinumtier'))).toEqual([records.traders]);
  });

  it('ranks the exact match first', async () => {
    const items = await search(tokens.manager, 'quillfeather traders');
    expect(ids(items).slice(0, 2)).toEqual([records.traders, records.group]);
    expect(items[0].score).toBeGreaterThan(items[1].score);
    const group = await search(tokens.manager, 'Quillfeather Traders Group');
    expect(group[0].id).toBe(records.group);
  });

  it('tells contacts and deals apart, with what identifies them', async () => {
    const [contact] = await search(tokens.manager, 'Ottilie Quarzberg');
    expect(contact).toMatchObject({
      type: 'contact',
      id: records.contact,
      title: 'Ottilie Quarzberg',
      subtitle: 'Quillfeather Traders · ottilie@quillfeather.example',
    });
    const deal = (await search(tokens.manager, 'renewal quillfeather')).find(
      (item) => item.type === 'deal',
    );
    expect(deal).toMatchObject({
      id: records.deal,
      title: 'Quillfeather annual renewal',
      subtitle: expect.stringContaining('Quillfeather Traders · 1200.00 EUR'),
    });
    const company = (await search(tokens.manager, 'quillfeather')).find(
      (item) => item.id === records.traders,
    );
    expect(company).toMatchObject({
      type: 'client',
      subtitle: 'Company · active · orders@quillfeather.example',
    });
  });

  it('shows only what the caller may read', async () => {
    const quill = Object.values(records).filter((id) => id !== records.south);
    expect(ids(await search(tokens.noah, 'quillfeather'))).toEqual(expect.arrayContaining(quill));
    const sara = await search(tokens.sara, 'quillfeather');
    expect(ids(sara).filter((id) => quill.includes(id))).toEqual([]);
    expect(ids(await search(tokens.sara, 'southbound'))).toEqual([records.south]);
    expect(ids(await search(tokens.manager, 'southbound vexillology'))).not.toContain(
      records.south,
    );
    expect(ids(await search(tokens.admin, 'southbound vexillology'))).toContain(records.south);
  });

  it("names a contact's company only when the caller may read it and it was not deleted", async () => {
    const repository = flowcard.dataSource.getRepository(Client);
    const save = (fields: Partial<Client>) =>
      repository.save(repository.create({ kind: 'person', status: 'active', ...fields }));
    // Sara's person at Mia's company, and Mia's person at a company deleted since.
    const abroad = await save({
      name: 'Wendeline Sprockett',
      ownerId: userIds.sara,
      companyId: records.traders,
    });
    const closed = await save({
      kind: 'company',
      name: 'Brackwater Mills',
      ownerId: userIds.manager,
    });
    const stranded = await save({
      name: 'Ignatz Brackwater',
      ownerId: userIds.manager,
      companyId: closed.id,
    });
    await repository.softDelete({ id: closed.id });
    const found = async (token: string, q: string, id: string) =>
      (await search(token, q)).find((item) => item.id === id);
    expect(await found(tokens.sara, 'Wendeline Sprockett', abroad.id)).toMatchObject({
      type: 'client',
      subtitle: 'Person · active',
    });
    expect(await found(tokens.admin, 'Wendeline Sprockett', abroad.id)).toMatchObject({
      type: 'contact',
      subtitle: 'Quillfeather Traders',
    });
    expect(await found(tokens.manager, 'Ignatz Brackwater', stranded.id)).toMatchObject({
      type: 'client',
      subtitle: 'Person · active',
    });
  });

  it('finds open tasks by name, with typos, only where the caller may read them', async () => {
    const manager = flowcard.dataSource.manager;
    const task = async (clientId: string, fields: Partial<UserTask>) => {
      const instanceId = await insertRunningInstance(manager, clientId);
      const saved = await manager.save(
        manager.create(UserTask, {
          instanceId,
          clientId,
          elementId: 'Task_Search',
          waitKey: `search:${instanceId}`,
          ...fields,
        }),
      );
      return saved.id;
    };
    const mine = await task(records.traders, {
      name: 'Verify Zephyrine paperwork',
      assigneeId: userIds.manager,
      dueAt: new Date('2031-05-01T09:00:00.000Z'),
    });
    const south = await task(records.south, {
      name: 'Zephyrine south check',
      candidateRole: 'manager',
    });
    const done = await task(records.traders, {
      name: 'Zephyrine finished review',
      assigneeId: userIds.manager,
      status: 'completed',
    });

    for (const typo of ['zephyrine paperwork', 'Zephyrne papework', 'verify zeph']) {
      const found = (await search(tokens.manager, typo)).find((item) => item.id === mine);
      expect({ typo, found }).toEqual({
        typo,
        found: expect.objectContaining({
          type: 'task',
          title: 'Verify Zephyrine paperwork',
          subtitle: 'Quillfeather Traders · Assigned to me · due 2031-05-01T09:00:00.000Z',
        }),
      });
    }
    const managers = ids(await search(tokens.manager, 'zephyrine'));
    expect(managers).toContain(mine);
    expect(managers).not.toContain(south);
    expect(managers).not.toContain(done);
    expect(ids(await search(tokens.sara, 'zephyrine'))).toEqual([south]);
    expect((await search(tokens.sara, 'zephyrine south check'))[0]).toMatchObject({
      id: south,
      subtitle: 'Southbound Vexillology · Open to manager',
    });
    expect(ids(await search(tokens.admin, 'zephyrine'))).toEqual(
      expect.arrayContaining([mine, south]),
    );
  });

  it('honours the limit', async () => {
    expect(await search(tokens.manager, 'quillfeather', 2)).toHaveLength(2);
  });

  it.each([
    ['a one-letter query', 'q=a'],
    ['no query', ''],
    ['a query of 201 characters', `q=${'x'.repeat(201)}`],
    ['a limit of 0', 'q=ab&limit=0'],
    ['a limit of 51', 'q=ab&limit=51'],
  ])('refuses %s with 400', async (_, query) => {
    expect((await flowcard.api(tokens.manager, 'GET', `/api/search?${query}`)).status).toBe(400);
  });

  it('needs a token', async () => {
    expect((await flowcard.api(null, 'GET', '/api/search?q=quill')).status).toBe(401);
  });
});
