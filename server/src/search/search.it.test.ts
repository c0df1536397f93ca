/** Ranked, typo-tolerant search over clients, contacts and deals, within the caller's rights. */
import { Flowcard, startFlowcard } from '../../../scripts/lib/in-process';
import { Client } from '../crm/clients/client.entity';

jest.setTimeout(60_000);

let flowcard: Flowcard;
let tokens: Record<'admin' | 'mia' | 'noah' | 'sara', string>;
let records: Record<'traders' | 'group' | 'contact' | 'south' | 'deal', string>;

interface Item {
  type: string;
  id: string;
  title: string;
  subtitle: string;
  score: number;
}

beforeAll(async () => {
  flowcard = await startFlowcard({ workflowBundlePath: process.env.FLOWCARD_WORKFLOW_BUNDLE });
  const [admin, mia, noah, sara] = await Promise.all(
    ['admin@demo.local', 'manager@demo.local', 'noah@demo.local', 'sara@demo.local'].map((email) =>
      flowcard.login(email),
    ),
  );
  tokens = { admin, mia, noah, sara };
  const users: { id: string; email: string }[] = await flowcard.dataSource.query(
    `SELECT id, email FROM users WHERE email IN ('manager@demo.local', 'sara@demo.local')`,
  );
  const miaId = users.find((user) => user.email === 'manager@demo.local')!.id;
  const saraId = users.find((user) => user.email === 'sara@demo.local')!.id;
  const repository = flowcard.dataSource.getRepository(Client);
  const save = (fields: Partial<Client>) =>
    repository.save(repository.create({ status: 'active', ownerId: miaId, ...fields }));
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
  const south = await save({ kind: 'company', name: 'Southbound Vexillology', ownerId: saraId });
  const [deal] = await flowcard.dataSource.query(
    `INSERT INTO deals (client_id, pipeline_id, stage_id, title, amount, owner_id)
     SELECT $1, stage.pipeline_id, stage.id, 'Quillfeather annual renewal', 1200, $2
       FROM pipeline_stages stage JOIN pipelines pipeline ON pipeline.id = stage.pipeline_id
      WHERE pipeline.is_default ORDER BY stage.position LIMIT 1
     RETURNING id`,
    [traders.id, miaId],
  );
  records = {
    traders: traders.id,
    group: group.id,
    contact: contact.id,
    south: south.id,
    deal: deal.id,
  };
});

afterAll(() => flowcard?.stop());

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
      expect({ typo, ids: ids(await search(tokens.mia, typo)) }).toEqual({
        typo,
        ids: expect.arrayContaining([records.traders]),
      });
    }
  });

  it('finds a client by email, exactly and by a part of it', async () => {
    const [first] = await search(tokens.mia, 'ORDERS@quillfeather.example');
    expect(first).toMatchObject({ type: 'client', id: records.traders });
    expect(first.score).toBeGreaterThanOrEqual(2);
    expect(ids(await search(tokens.mia, 'ottilie@quill'))).toContain(records.contact);
  });

  it('finds a client by phone number, however it is written', async () => {
    for (const phone of ['+49 89 7319 4682', '0049-89-73194682', '7319 4682', '8973194682']) {
      expect({ phone, ids: ids(await search(tokens.mia, phone)) }).toEqual({
        phone,
        ids: expect.arrayContaining([records.traders]),
      });
    }
    const [exact] = await search(tokens.mia, '+49 (89) 73194682');
    expect(exact.id).toBe(records.traders);
    expect(exact.score).toBeGreaterThanOrEqual(2);
  });

  it('finds a client by tag', async () => {
    expect(ids(await search(tokens.mia, 'platinumtier'))).toEqual([records.traders]);
  });

  it('ranks the exact match first', async () => {
    const items = await search(tokens.mia, 'quillfeather traders');
    expect(ids(items).slice(0, 2)).toEqual([records.traders, records.group]);
    expect(items[0].score).toBeGreaterThan(items[1].score);
    const group = await search(tokens.mia, 'Quillfeather Traders Group');
    expect(group[0].id).toBe(records.group);
  });

  it('tells contacts and deals apart, with what identifies them', async () => {
    const [contact] = await search(tokens.mia, 'Ottilie Quarzberg');
    expect(contact).toMatchObject({
      type: 'contact',
      id: records.contact,
      title: 'Ottilie Quarzberg',
      subtitle: 'Quillfeather Traders · ottilie@quillfeather.example',
    });
    const deal = (await search(tokens.mia, 'renewal quillfeather')).find(
      (item) => item.type === 'deal',
    );
    expect(deal).toMatchObject({
      id: records.deal,
      title: 'Quillfeather annual renewal',
      subtitle: expect.stringContaining('Quillfeather Traders · 1200.00 EUR'),
    });
    const company = (await search(tokens.mia, 'quillfeather')).find(
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
    expect(ids(await search(tokens.mia, 'southbound vexillology'))).not.toContain(records.south);
    expect(ids(await search(tokens.admin, 'southbound vexillology'))).toContain(records.south);
  });

  it('honours the limit', async () => {
    expect(await search(tokens.mia, 'quillfeather', 2)).toHaveLength(2);
  });

  it.each([
    ['a one-letter query', 'q=a'],
    ['no query', ''],
    ['a query of 201 characters', `q=${'x'.repeat(201)}`],
    ['a limit of 0', 'q=ab&limit=0'],
    ['a limit of 51', 'q=ab&limit=51'],
  ])('refuses %s with 400', async (_, query) => {
    expect((await flowcard.api(tokens.mia, 'GET', `/api/search?${query}`)).status).toBe(400);
  });

  it('needs a token', async () => {
    expect((await flowcard.api(null, 'GET', '/api/search?q=quill')).status).toBe(401);
  });
});
