/**
 * The volume seed's records, made up from a seeded random generator: companies and people with
 * their status walk, deals with their first stage, and a year of activities. Pure: rows go into
 * `Rows`, and insertion.ts writes them.
 */
import { Random } from './random';
import {
  CALL_SUBJECTS,
  CITIES,
  COMPANY_QUALIFIERS,
  COMPANY_TRADES,
  COMPANY_WORDS,
  DEAL_PRODUCTS,
  FIRST_NAMES,
  FREE_MAIL,
  LAST_NAMES,
  LEGAL_FORMS,
  MEETING_PLACES,
  MEETING_SUBJECTS,
  NOTES,
  SOURCES,
  STREETS,
  TAGS,
  TASK_SUBJECTS,
} from './vocabulary';

export const DAY_MS = 24 * 3600 * 1000;

export interface Company {
  id: string;
  name: string;
  domain: string;
  ownerId: string;
}

export interface Stage {
  id: string;
  kind: 'open' | 'won' | 'lost';
}

/** One chunk of rows, inserted together in foreign-key order. */
export interface Rows {
  clients: Record<string, unknown>[];
  statusChanges: Record<string, unknown>[];
  deals: Record<string, unknown>[];
  stageChanges: Record<string, unknown>[];
  activities: Record<string, unknown>[];
}

export function companyClient(
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

export function personClient(
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

export function addDeal(
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
