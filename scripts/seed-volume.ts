/**
 * `npm run seed -- --clients 100000 [--seed 1]`: a realistic volume of CRM data for trying
 * Flowcard at scale and for `npm run bench:crm`: companies and their contacts, people on their
 * own, emails, phones, tags, owners spread over the demo managers, deals in the default
 * pipeline, a year of calls, meetings, tasks and notes, and the status changes of each client.
 *
 * Against DATABASE_URL, or the embedded Postgres of `npm start` (started for the run unless
 * `npm start` already runs it); migrates and seeds the demo first. The data follows from the
 * seed and the day it runs; the same seed again changes nothing (another --seed adds more).
 * Rows go in with one multi-row INSERT per batch, the whole run in one transaction.
 */
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource, EntityManager } from 'typeorm';
import { repoRoot } from '../server/src/common/repo-root';
import { dataSourceOptions, runMigrations } from '../server/src/database/data-source';
import { seedDemoData } from '../server/src/seed/demo-seed';
import { ensurePostgres, portOpen, RunningService } from './lib/infra';

export interface VolumeSeedOptions {
  clients: number;
  /** Another seed gives other data (and other ids), so it can be added beside the first. */
  seed?: number;
  log?: (line: string) => void;
}

export interface VolumeSeedCounts {
  companies: number;
  people: number;
  contacts: number;
  deals: number;
  activities: number;
  statusChanges: number;
}

/** Owners of the seeded records, with their share: the demo managers of North and South. */
const OWNERS: [email: string, weight: number][] = [
  ['manager@demo.local', 35],
  ['noah@demo.local', 30],
  ['sara@demo.local', 35],
];

const COMPANY_SHARE = 0.3;
/** People who work for one of the seeded companies; the others are clients on their own. */
const CONTACT_SHARE = 0.75;
const CLIENTS_PER_CHUNK = 2000;
const ROWS_PER_INSERT = 5000;
const DAY_MS = 24 * 3600 * 1000;

const FIRST_NAMES = list(`
  Anna, Ben, Clara, David, Elena, Felix, Greta, Hugo, Ida, Jonas, Karla, Leon, Mia, Noah,
  Olivia, Paul, Quentin, Rosa, Samuel, Tara, Umut, Vera, William, Xenia, Yusuf, Zoë, Amelie,
  Bruno, Chiara, Dominik, Emma, Finn, Hannah, Isabel, Jürgen, Katarzyna, Lukas, Marta, Nils,
  Oskar, Priya, Rafael, Sofia, Tobias, Ursula, Viktor, Wiebke, Yara, Łukasz, Mehmet, Aisha,
  Kenji, Laura, Matteo, Nora, Omar, Pia, Ronja, Stefan, Theo
`);
const LAST_NAMES = list(`
  Müller, Schmidt, Schneider, Fischer, Weber, Meyer, Wagner, Becker, Hoffmann, Schulz, Koch,
  Richter, Klein, Wolf, Neumann, Schwarz, Zimmermann, Braun, Krüger, Hartmann, Lange, Werner,
  Krause, Lehmann, Köhler, Smith, Johnson, Brown, Taylor, Wilson, Davies, Evans, Thomas,
  Roberts, Novak, Kowalski, Nowak, Dubois, Moreau, Laurent, Rossi, Russo, Ferrari, García,
  Martínez, López, Jansen, de Vries, Andersson, Nilsson, Yilmaz, Kaya, Sato, Okafor, Petrov,
  Horvat, Costa, Silva, O'Brien, Murphy
`);
const COMPANY_WORDS = list(`
  Northwind, Blue Harbor, Silverline, Redwood, Brightpath, Ironbridge, Greenfield, Starlight,
  Clearwater, Summit, Oakridge, Lighthouse, Riverside, Evergreen, Falcon, Granite, Horizon,
  Keystone, Maple, Nordlicht, Polaris, Quantum, Rheinblick, Sapphire, Tidewater, Alpenglow,
  Bergmann, Copperleaf, Driftwood, Elbtal, Fjordline, Goldberg, Hanse, Isarwerk, Juniper,
  Kestrel, Lindenhof, Moosbach, Nightingale, Orion
`);
const COMPANY_TRADES = list(`
  Logistics, Traders, Software, Consulting, Engineering, Foods, Energy, Textiles, Media,
  Analytics, Robotics, Pharma, Construction, Furniture, Travel, Insurance, Print, Solar,
  Medical, Retail
`);
/** Makes company names rarer: words × trades × qualifiers × legal forms ≈ 77,000 names. */
const COMPANY_QUALIFIERS = [
  '',
  ...list(`
  International, Group, Solutions, Partners, Systems, Services, Europe, Holding, Works,
  Nord, & Co.
`),
];
const LEGAL_FORMS = list(`
  GmbH, AG, Ltd, Inc., SE, KG, B.V., S.A.
`);
const CITIES: [city: string, zip: string][] = [
  ['Berlin', '10115'],
  ['Hamburg', '20095'],
  ['München', '80331'],
  ['Köln', '50667'],
  ['Frankfurt am Main', '60311'],
  ['Stuttgart', '70173'],
  ['Leipzig', '04109'],
  ['Wien', '1010'],
  ['Zürich', '8001'],
  ['London', 'EC1A 1BB'],
  ['Amsterdam', '1012'],
  ['Paris', '75001'],
];
const STREETS = list(`
  Hauptstraße, Bahnhofstraße, Gartenweg, Industriestraße, Marktplatz, High Street,
  Market Lane
`);
const FREE_MAIL = list(`
  mail.example, post.example, inbox.example, web.example
`);
const TAGS = list(`
  vip, partner, newsletter, enterprise, smb, trade fair, referral, reseller, key account,
  public sector, startup, renewal due
`);
const SOURCES = list(`
  web form, referral, trade fair, cold call, partner, import, phone call
`);
const CALL_SUBJECTS = list(`
  Intro call, Follow-up call, Qualification call, Check-in call, Pricing questions,
  Renewal call
`);
const MEETING_SUBJECTS = list(`
  Product demo, Kick-off meeting, Quarterly review, Contract negotiation, On-site visit,
  Workshop
`);
const TASK_SUBJECTS = list(`
  Send proposal, Prepare quote, Update contact details, Send contract, Schedule demo,
  Check payment, Send case study
`);
const NOTES = [
  'Prefers email over phone.',
  'Budget approved for next quarter.',
  'The decision maker is the CFO.',
  'Interested in the premium plan.',
  'Asked for references in their industry.',
  'On holiday for the next two weeks.',
  'A competitor offered 10% less.',
  'Wants a pilot before committing.',
];
const MEETING_PLACES = list(`
  Their office, Our office, Video call, Trade fair booth, Café near their office
`);
const DEAL_PRODUCTS = list(`
  Annual licence, Onboarding package, Support contract, Expansion, Pilot project,
  Hardware bundle, Consulting days, Renewal
`);

/** The items of a comma-separated list written over several lines. */
function list(text: string): string[] {
  return text
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

/** mulberry32: small, fast and the same on every machine for the same seed. */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** A whole number from min to max, both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  weighted<T>(entries: readonly (readonly [T, number])[]): T {
    let rest = this.next() * entries.reduce((sum, [, weight]) => sum + weight, 0);
    for (const [value, weight] of entries) {
      rest -= weight;
      if (rest < 0) return value;
    }
    return entries[entries.length - 1][0];
  }

  /** A version-4 UUID made of this generator's numbers, so ids repeat with the seed. */
  uuid(): string {
    const hex = Array.from({ length: 4 }, () =>
      Math.floor(this.next() * 0x100000000)
        .toString(16)
        .padStart(8, '0'),
    ).join('');
    const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  }
}

interface Company {
  id: string;
  name: string;
  domain: string;
  ownerId: string;
}

interface Stage {
  id: string;
  kind: 'open' | 'won' | 'lost';
}

/** One chunk of rows, inserted together in foreign-key order. */
interface Rows {
  clients: Record<string, unknown>[];
  statusChanges: Record<string, unknown>[];
  deals: Record<string, unknown>[];
  stageChanges: Record<string, unknown>[];
  activities: Record<string, unknown>[];
}

/** The columns each table is seeded with and their types, as `json_to_recordset` needs them. */
const COLUMNS = {
  clients: `
    id uuid, kind text, name text, status text, company_id uuid, emails text[],
    phones text[], tags text[], address text, source text, owner_id uuid,
    created_at timestamptz, updated_at timestamptz`,
  client_status_changes: `
    client_id uuid, from_status text, to_status text, changed_at timestamptz,
    changed_by_id uuid`,
  deals: `
    id uuid, client_id uuid, pipeline_id uuid, stage_id uuid, title text, amount numeric,
    currency text, expected_close_date date, owner_id uuid, status text,
    closed_at timestamptz, created_at timestamptz, updated_at timestamptz`,
  deal_stage_changes: `
    deal_id uuid, from_stage_id uuid, to_stage_id uuid, changed_at timestamptz,
    changed_by_id uuid`,
  activities: `
    client_id uuid, kind text, subject text, due_at timestamptz, ends_at timestamptz,
    direction text, duration_seconds int, result text, place text, participants text[],
    reminder_at timestamptz, priority text, body text, assignee_id uuid, status text,
    created_by_id uuid, created_at timestamptz, updated_at timestamptz,
    completed_at timestamptz`,
} as const;

/** Seeds `clients` clients with everything around them; null when this seed was already run. */
export async function seedVolume(
  dataSource: DataSource,
  options: VolumeSeedOptions,
): Promise<VolumeSeedCounts | null> {
  const seed = options.seed ?? 1;
  const log = options.log ?? (() => undefined);
  const ids = new Random(seed ^ 0x5eed1d5);
  const random = new Random(seed);
  const firstId = new Random(seed ^ 0x5eed1d5).uuid();
  // Everything is relative to the start of today, so a run is reproducible within the day.
  const now = Math.floor(Date.now() / DAY_MS) * DAY_MS;

  return dataSource.transaction(async (manager) => {
    if ((await manager.query(`SELECT 1 FROM clients WHERE id = $1`, [firstId])).length) {
      log(`Seed ${seed} is already in this database; pass another --seed to add more.`);
      return null;
    }
    const owners = await ownerIds(manager);
    const { pipelineId, stages } = await defaultPipeline(manager);
    const counts: VolumeSeedCounts = {
      companies: 0,
      people: 0,
      contacts: 0,
      deals: 0,
      activities: 0,
      statusChanges: 0,
    };
    const companyCount = Math.max(1, Math.round(options.clients * COMPANY_SHARE));
    const companies: Company[] = [];
    let done = 0;
    while (done < options.clients) {
      const size = Math.min(CLIENTS_PER_CHUNK, options.clients - done);
      const rows: Rows = {
        clients: [],
        statusChanges: [],
        deals: [],
        stageChanges: [],
        activities: [],
      };
      for (let index = done; index < done + size; index++) {
        const ownerId = random.weighted(owners);
        if (index < companyCount) {
          const company = companyClient(random, ids, ownerId, now, rows);
          companies.push(company);
          counts.companies++;
          const dealCount = random.weighted([
            [0, 35],
            [1, 35],
            [2, 20],
            [3, 10],
          ] as const);
          for (let deal = 0; deal < dealCount; deal++) {
            addDeal(random, ids, company.id, company.name, ownerId, pipelineId, stages, now, rows);
          }
        } else {
          const company = random.chance(CONTACT_SHARE) ? random.pick(companies) : null;
          const person = personClient(random, ids, company, company?.ownerId ?? ownerId, now, rows);
          counts.people++;
          if (company) counts.contacts++;
          else if (random.chance(0.2)) {
            addDeal(
              random,
              ids,
              person.id,
              person.name,
              person.ownerId,
              pipelineId,
              stages,
              now,
              rows,
            );
          }
        }
      }
      await insertRows(manager, 'clients', rows.clients);
      await insertRows(manager, 'client_status_changes', rows.statusChanges);
      await insertRows(manager, 'deals', rows.deals);
      await insertRows(manager, 'deal_stage_changes', rows.stageChanges);
      await insertRows(manager, 'activities', rows.activities);
      counts.deals += rows.deals.length;
      counts.activities += rows.activities.length;
      counts.statusChanges += rows.statusChanges.length;
      done += size;
      log(`  ${done} / ${options.clients} clients`);
    }
    return counts;
  });
}

async function ownerIds(manager: EntityManager): Promise<[string, number][]> {
  const rows: { id: string; email: string }[] = await manager.query(
    `SELECT id, email FROM users WHERE email = ANY($1)`,
    [OWNERS.map(([email]) => email)],
  );
  return OWNERS.map(([email, weight]) => {
    const user = rows.find((row) => row.email === email);
    if (!user) throw new Error(`${email} is missing: seed the demo data first`);
    return [user.id, weight];
  });
}

/** The default pipeline; made here only for a database that has none. */
async function defaultPipeline(
  manager: EntityManager,
): Promise<{ pipelineId: string; stages: [Stage, number][] }> {
  let [pipeline] = await manager.query(`SELECT id FROM pipelines WHERE is_default`);
  if (!pipeline) {
    [pipeline] = await manager.query(
      `INSERT INTO pipelines (name, is_default) VALUES ('Sales', true) RETURNING id`,
    );
    await manager.query(
      `INSERT INTO pipeline_stages (pipeline_id, name, position, probability, kind)
       SELECT $1, stage.name, stage.position, stage.probability, stage.kind
         FROM (VALUES ('Qualification', 1, 10, 'open'), ('Proposal', 2, 40, 'open'),
                      ('Negotiation', 3, 70, 'open'), ('Won', 4, 100, 'won'),
                      ('Lost', 5, 0, 'lost')) AS stage (name, position, probability, kind)`,
      [pipeline.id],
    );
  }
  const stages: Stage[] = await manager.query(
    `SELECT id, kind FROM pipeline_stages WHERE pipeline_id = $1 ORDER BY position`,
    [pipeline.id],
  );
  const open = stages.filter((stage) => stage.kind === 'open').length || 1;
  // Most deals are still open; a quarter won, some lost.
  const weights = { open: 60 / open, won: 25, lost: 15 };
  return { pipelineId: pipeline.id, stages: stages.map((stage) => [stage, weights[stage.kind]]) };
}

function companyClient(
  random: Random,
  ids: Random,
  ownerId: string,
  now: number,
  rows: Rows,
): Company {
  const word = random.pick(COMPANY_WORDS);
  const trade = random.pick(COMPANY_TRADES);
  const name = [word, trade, random.pick(COMPANY_QUALIFIERS), random.pick(LEGAL_FORMS)]
    .filter(Boolean)
    .join(' ');
  const domain = `${slug(word)}-${slug(trade)}${random.int(1, 99)}.example`;
  const [city, zip] = random.pick(CITIES);
  const company: Company = { id: ids.uuid(), name, domain, ownerId };
  addClient(
    random,
    rows,
    now,
    {
      id: company.id,
      kind: 'company',
      name,
      company_id: null,
      emails: [`info@${domain}`, ...(random.chance(0.4) ? [`sales@${domain}`] : [])],
      phones: [phone(random), ...(random.chance(0.3) ? [phone(random)] : [])],
      address: `${random.pick(STREETS)} ${random.int(1, 180)}, ${zip} ${city}`,
      owner_id: ownerId,
    },
    random.int(3, 16),
  );
  return company;
}

function personClient(
  random: Random,
  ids: Random,
  company: Company | null,
  ownerId: string,
  now: number,
  rows: Rows,
): { id: string; name: string; ownerId: string } {
  const first = random.pick(FIRST_NAMES);
  const last = random.pick(LAST_NAMES);
  const local = `${slug(first)}.${slug(last)}`;
  const email = company
    ? `${local}@${company.domain}`
    : `${local}${random.int(1, 999)}@${random.pick(FREE_MAIL)}`;
  const id = ids.uuid();
  addClient(
    random,
    rows,
    now,
    {
      id,
      kind: 'person',
      name: `${first} ${last}`,
      company_id: company?.id ?? null,
      emails: [email],
      phones: random.chance(0.8) ? [phone(random)] : [],
      address: null,
      owner_id: ownerId,
    },
    company ? random.int(0, 6) : random.int(1, 8),
  );
  return { id, name: `${first} ${last}`, ownerId };
}

/** The client row, its walk through the status lifecycle and its activities. */
function addClient(
  random: Random,
  rows: Rows,
  now: number,
  client: {
    id: string;
    kind: 'company' | 'person';
    name: string;
    company_id: string | null;
    emails: string[];
    phones: string[];
    address: string | null;
    owner_id: string;
  },
  activityCount: number,
) {
  const createdAt = now - random.int(7, 365) * DAY_MS - random.int(0, DAY_MS - 1);
  let status = 'lead';
  let at = createdAt;
  rows.statusChanges.push({
    client_id: client.id,
    from_status: null,
    to_status: status,
    changed_at: iso(at),
    changed_by_id: client.owner_id,
  });
  // Only moves that client_status_transitions allows.
  const next: Record<string, [string | null, number][]> = {
    lead: [
      ['potential', 55],
      ['lost', 15],
      [null, 30],
    ],
    potential: [
      ['active', 55],
      ['lost', 15],
      [null, 30],
    ],
    active: [
      ['inactive', 15],
      ['lost', 5],
      [null, 80],
    ],
    inactive: [
      ['active', 30],
      ['lost', 20],
      [null, 50],
    ],
    lost: [[null, 1]],
  };
  for (let step = 0; step < 4; step++) {
    const to = random.weighted(next[status]);
    const when = at + random.int(1, 60) * DAY_MS;
    if (!to || when > now) break;
    rows.statusChanges.push({
      client_id: client.id,
      from_status: status,
      to_status: to,
      changed_at: iso(when),
      changed_by_id: client.owner_id,
    });
    status = to;
    at = when;
  }
  rows.clients.push({
    ...client,
    status,
    tags: Array.from(new Set(Array.from({ length: random.int(0, 3) }, () => random.pick(TAGS)))),
    source: random.pick(SOURCES),
    created_at: iso(createdAt),
    updated_at: iso(at),
  });
  for (let index = 0; index < activityCount; index++) {
    rows.activities.push(activity(random, client.id, client.owner_id, createdAt, now));
  }
}

/** A call, meeting, task or note between the client's creation and a month from now. */
function activity(
  random: Random,
  clientId: string,
  ownerId: string,
  clientCreatedAt: number,
  now: number,
): Record<string, unknown> {
  const kind = random.weighted([
    ['call', 40],
    ['task', 25],
    ['meeting', 15],
    ['note', 20],
  ] as const);
  const base = {
    client_id: clientId,
    kind,
    assignee_id: ownerId,
    created_by_id: ownerId,
    due_at: null,
    ends_at: null,
    direction: null,
    duration_seconds: null,
    result: null,
    place: null,
    participants: [],
    reminder_at: null,
    priority: null,
    body: null,
  };
  const horizon = now + 30 * DAY_MS;
  if (kind === 'note') {
    const at = clientCreatedAt + Math.floor(random.next() * (now - clientCreatedAt));
    return {
      ...base,
      subject: 'Note',
      body: random.pick(NOTES),
      status: 'done',
      created_at: iso(at),
      updated_at: iso(at),
      completed_at: iso(at),
    };
  }
  const dueAt = clientCreatedAt + Math.floor(random.next() * (horizon - clientCreatedAt));
  const createdAt = Math.max(clientCreatedAt, dueAt - random.int(0, 14) * DAY_MS);
  const status =
    dueAt > now
      ? 'open'
      : random.weighted([
          ['done', 85],
          ['cancelled', 5],
          ['open', 10],
        ] as const);
  const completedAt = status === 'done' ? Math.min(now, dueAt + random.int(0, 7200) * 1000) : null;
  const fields: Record<string, unknown> = { ...base, due_at: iso(dueAt) };
  if (kind === 'call') {
    fields.subject = random.pick(CALL_SUBJECTS);
    fields.direction = random.chance(0.6) ? 'outbound' : 'inbound';
    if (status === 'done') {
      fields.result = random.weighted([
        ['answered', 60],
        ['no answer', 25],
        ['voicemail', 15],
      ] as const);
      fields.duration_seconds =
        fields.result === 'answered' ? random.int(60, 1800) : random.int(0, 40);
    }
  } else if (kind === 'meeting') {
    fields.subject = random.pick(MEETING_SUBJECTS);
    fields.ends_at = iso(dueAt + random.pick([30, 45, 60, 90]) * 60_000);
    fields.place = random.pick(MEETING_PLACES);
    fields.participants = Array.from(
      { length: random.int(0, 2) },
      () => `${random.pick(FIRST_NAMES)} ${random.pick(LAST_NAMES)}`,
    );
  } else {
    fields.subject = random.pick(TASK_SUBJECTS);
    fields.priority = random.weighted([
      ['low', 25],
      ['normal', 55],
      ['high', 20],
    ] as const);
    if (random.chance(0.5)) fields.reminder_at = iso(dueAt - DAY_MS);
  }
  return {
    ...fields,
    status,
    created_at: iso(createdAt),
    updated_at: iso(completedAt ?? createdAt),
    completed_at: completedAt === null ? null : iso(completedAt),
  };
}

function addDeal(
  random: Random,
  ids: Random,
  clientId: string,
  clientName: string,
  ownerId: string,
  pipelineId: string,
  stages: [Stage, number][],
  now: number,
  rows: Rows,
) {
  const stage = random.weighted(stages);
  const createdAt = now - random.int(1, 330) * DAY_MS - random.int(0, DAY_MS - 1);
  const closedAt =
    stage.kind === 'open' ? null : Math.min(now, createdAt + random.int(7, 90) * DAY_MS);
  const id = ids.uuid();
  rows.deals.push({
    id,
    client_id: clientId,
    pipeline_id: pipelineId,
    stage_id: stage.id,
    title: `${clientName}: ${random.pick(DEAL_PRODUCTS)}`,
    amount: random.int(5, 2000) * 100,
    currency: 'EUR',
    expected_close_date:
      stage.kind === 'open' ? iso(now + random.int(7, 120) * DAY_MS).slice(0, 10) : null,
    owner_id: ownerId,
    status: stage.kind,
    closed_at: closedAt === null ? null : iso(closedAt),
    created_at: iso(createdAt),
    updated_at: iso(closedAt ?? createdAt),
  });
  rows.stageChanges.push({
    deal_id: id,
    from_stage_id: null,
    to_stage_id: stage.id,
    changed_at: iso(createdAt),
    changed_by_id: ownerId,
  });
}

async function insertRows(
  manager: EntityManager,
  table: keyof typeof COLUMNS,
  rows: Record<string, unknown>[],
) {
  const types = COLUMNS[table].replace(/\s+/g, ' ').trim();
  const names = types
    .split(', ')
    .map((column) => column.split(' ')[0])
    .join(', ');
  for (let start = 0; start < rows.length; start += ROWS_PER_INSERT) {
    await manager.query(
      `INSERT INTO ${table} (${names}) SELECT ${names} FROM json_to_recordset($1::json) AS row(${types})`,
      [JSON.stringify(rows.slice(start, start + ROWS_PER_INSERT))],
    );
  }
}

function phone(random: Random): string {
  const digits = (count: number) => Array.from({ length: count }, () => random.int(0, 9)).join('');
  return random.weighted([
    [() => `+49 ${random.pick(['30', '40', '89', '221', '69', '711'])} ${digits(7)}`, 50],
    [() => `+44 20 ${digits(4)} ${digits(4)}`, 15],
    [() => `+1 (${random.int(201, 989)}) ${digits(3)}-${digits(4)}`, 15],
    [() => `+43 1 ${digits(7)}`, 10],
    [() => `0${random.pick(['151', '160', '170', '176'])} ${digits(8)}`, 10],
  ] as const)();
}

/** Lower-case ASCII letters and digits, for email addresses and domains. */
function slug(text: string): string {
  return text
    .normalize('NFD')
    .replace(/ł/gi, 'l')
    .replace(/[^A-Za-z0-9]/g, '')
    .toLowerCase();
}

function iso(time: number): string {
  return new Date(time).toISOString();
}

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  const value = index >= 0 ? Number(process.argv[index + 1]) : fallback;
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`--${name} takes a positive whole number`);
  return value;
}

/** DATABASE_URL; else the embedded Postgres of `npm start`, started for the run unless it runs. */
async function database(): Promise<RunningService> {
  if (process.env.DATABASE_URL)
    return { address: process.env.DATABASE_URL, stop: async () => undefined };
  const port = Number(process.env.FLOWCARD_POSTGRES_PORT ?? 54320);
  if (await portOpen(port)) {
    // `npm start` runs it: the user and password are the ones scripts/lib/infra.ts gives it.
    return {
      address: `postgres://flowcard:flowcard@127.0.0.1:${port}/flowcard`,
      stop: async () => undefined,
    };
  }
  const dataDir = join(repoRoot(), '.data');
  mkdirSync(join(dataDir, 'logs'), { recursive: true });
  const logFile = createWriteStream(join(dataDir, 'logs', 'postgres.log'), { flags: 'a' });
  return ensurePostgres({
    dataDir: join(dataDir, 'postgres'),
    port,
    database: 'flowcard',
    log: (line) => logFile.write(line.endsWith('\n') ? line : `${line}\n`),
  });
}

async function main() {
  const clients = option('clients', 100_000);
  const seed = option('seed', 1);
  const postgres = await database();
  try {
    await runMigrations(postgres.address);
    const dataSource = await new DataSource(dataSourceOptions(postgres.address)).initialize();
    try {
      await seedDemoData(dataSource);
      console.log(`Seeding ${clients} clients (seed ${seed}) ...`);
      const started = Date.now();
      const counts = await seedVolume(dataSource, { clients, seed, log: console.log });
      if (counts) {
        await dataSource.query('ANALYZE');
        console.log(
          `Seeded ${counts.companies} companies, ${counts.people} people (${counts.contacts} contacts of companies), ` +
            `${counts.deals} deals, ${counts.activities} activities and ${counts.statusChanges} status changes ` +
            `in ${((Date.now() - started) / 1000).toFixed(1)} s.`,
        );
      }
    } finally {
      await dataSource.destroy();
    }
  } finally {
    await postgres.stop();
  }
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
