/**
 * What the fault test asserts, read from Postgres directly for every instance of the run: it
 * completed, each side effect has exactly one row, no task is left open on an ended instance,
 * and the socket.io client received every outbox event of the instance.
 */
import { Client as PgClient } from 'pg';
import { DrivenInstance, USER_TASKS } from './driver';

/** The service steps of `every-effect.bpmn` and the activity each writes. */
const ACTIVITIES = [
  { elementId: 'Task_PrepareDocuments', kind: 'task' },
  { elementId: 'Call_Welcome', kind: 'call' },
  { elementId: 'Meeting_KickOff', kind: 'meeting' },
] as const;
const STATUS_STEP = 'Status_Active';

export interface Finding {
  instanceId: string;
  what: string;
}

export interface Verdict {
  instances: number;
  lost: Finding[];
  duplicated: Finding[];
  stuck: Finding[];
  /** Outbox events of the run's instances, and how many the socket client received. */
  events: { written: number; received: number };
}

interface InstanceRow {
  id: string;
  client_id: string;
  status: string;
  error: unknown;
}

export async function verify(
  databaseUrl: string,
  driven: DrivenInstance[],
  received: Map<string, Set<string>>,
): Promise<Verdict> {
  const db = new PgClient({ connectionString: databaseUrl });
  await db.connect();
  try {
    const clientIds = driven.map((instance) => instance.clientId);
    // Every instance of the run's clients, also one the driver never heard of.
    const { rows: instances } = await db.query<InstanceRow>(
      `SELECT id, client_id, status, error FROM process_instances
        WHERE client_id = ANY($1::uuid[]) ORDER BY started_at`,
      [clientIds],
    );
    const ids = instances.map((row) => row.id);
    const verdict: Verdict = {
      instances: instances.length,
      lost: [],
      duplicated: [],
      stuck: [],
      events: { written: 0, received: 0 },
    };
    checkInstances(verdict, driven, instances);
    await checkActivities(db, verdict, ids);
    await checkStatusChanges(db, verdict, ids);
    await checkUserTasks(db, verdict, instances);
    await checkEvents(db, verdict, ids, received);
    return verdict;
  } finally {
    await db.end();
  }
}

function checkInstances(verdict: Verdict, driven: DrivenInstance[], rows: InstanceRow[]) {
  const byClient = new Map<string, InstanceRow[]>();
  for (const row of rows)
    byClient.set(row.client_id, [...(byClient.get(row.client_id) ?? []), row]);
  for (const instance of driven) {
    const found = byClient.get(instance.clientId) ?? [];
    if (found.length === 0) {
      verdict.lost.push({
        instanceId: `client ${instance.clientId}`,
        what: `no instance (${instance.problem ?? 'the driver saw none'})`,
      });
    }
    if (found.length > 1) {
      verdict.duplicated.push({
        instanceId: found.map((row) => row.id).join(', '),
        what: `${found.length} instances for one start`,
      });
    }
  }
  const problems = new Map(driven.map((instance) => [instance.clientId, instance.problem]));
  for (const row of rows) {
    if (row.status === 'running' || row.status === 'starting') {
      const problem = problems.get(row.client_id);
      verdict.stuck.push({
        instanceId: row.id,
        what: `still ${row.status}${problem ? ` (the driver: ${problem})` : ''}`,
      });
    } else if (row.status !== 'completed') {
      verdict.lost.push({
        instanceId: row.id,
        what: `${row.status}: ${JSON.stringify(row.error)}`,
      });
    }
  }
}

/** Exactly one row per expected key; a missing one is lost, a second one duplicated. */
function countExactlyOne(
  verdict: Verdict,
  instanceIds: string[],
  counts: Map<string, number>,
  keys: string[],
) {
  for (const instanceId of instanceIds) {
    for (const key of keys) {
      const count = counts.get(`${instanceId} ${key}`) ?? 0;
      if (count === 0) verdict.lost.push({ instanceId, what: `no ${key}` });
      if (count > 1) verdict.duplicated.push({ instanceId, what: `${count} × ${key}` });
    }
  }
}

async function checkActivities(db: PgClient, verdict: Verdict, ids: string[]) {
  const { rows } = await db.query<{ instance_id: string; key: string; n: number }>(
    `SELECT process_instance_id AS instance_id, kind || ' ' || element_id AS key, count(*)::int AS n
       FROM activities WHERE process_instance_id = ANY($1::uuid[]) GROUP BY 1, 2`,
    [ids],
  );
  const counts = new Map(rows.map((row) => [`${row.instance_id} ${row.key}`, row.n]));
  const keys = ACTIVITIES.map(({ kind, elementId }) => `${kind} ${elementId}`);
  countExactlyOne(verdict, ids, counts, keys);
  for (const row of rows) {
    if (!keys.includes(row.key)) {
      verdict.duplicated.push({ instanceId: row.instance_id, what: `unexpected ${row.key}` });
    }
  }
}

async function checkStatusChanges(db: PgClient, verdict: Verdict, ids: string[]) {
  const { rows } = await db.query<{ instance_id: string; element_id: string; n: number }>(
    `SELECT process_instance_id AS instance_id, element_id, count(*)::int AS n
       FROM client_status_changes WHERE process_instance_id = ANY($1::uuid[]) GROUP BY 1, 2`,
    [ids],
  );
  const counts = new Map(
    rows.map((row) => [`${row.instance_id} status change ${row.element_id}`, row.n]),
  );
  countExactlyOne(verdict, ids, counts, [`status change ${STATUS_STEP}`]);
}

async function checkUserTasks(db: PgClient, verdict: Verdict, instances: InstanceRow[]) {
  const ids = instances.map((row) => row.id);
  const { rows } = await db.query<{ instance_id: string; element_id: string; status: string }>(
    `SELECT instance_id, element_id, status FROM user_tasks WHERE instance_id = ANY($1::uuid[])`,
    [ids],
  );
  const counts = new Map<string, number>();
  for (const row of rows) {
    const key = `${row.instance_id} user task ${row.element_id}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  countExactlyOne(
    verdict,
    ids,
    counts,
    USER_TASKS.map((element) => `user task ${element}`),
  );
  const ended = new Set(
    instances.filter((row) => !['running', 'starting'].includes(row.status)).map((row) => row.id),
  );
  for (const row of rows) {
    if (row.status === 'open' && ended.has(row.instance_id)) {
      verdict.stuck.push({ instanceId: row.instance_id, what: `${row.element_id} left open` });
    }
  }
}

/**
 * Each event of the outbox once per instance and element (this process has no loop), and each
 * received by the socket.io client, which asked for what it missed after every reconnection.
 */
async function checkEvents(
  db: PgClient,
  verdict: Verdict,
  ids: string[],
  received: Map<string, Set<string>>,
) {
  const { rows } = await db.query<{
    id: string;
    instance_id: string;
    type: string;
    element: string;
  }>(
    `SELECT id::text, instance_id, type, coalesce(element_id, '') AS element
       FROM instance_events WHERE instance_id = ANY($1::uuid[]) ORDER BY id`,
    [ids],
  );
  verdict.events.written = rows.length;
  const seen = new Set<string>();
  const missed = new Map<string, string[]>();
  for (const row of rows) {
    const key = `${row.instance_id} ${row.type} ${row.element}`;
    if (seen.has(key)) {
      verdict.duplicated.push({
        instanceId: row.instance_id,
        what: `event ${row.type} ${row.element} twice`,
      });
    }
    seen.add(key);
    if (received.get(row.instance_id)?.has(row.id)) verdict.events.received += 1;
    else missed.set(row.instance_id, [...(missed.get(row.instance_id) ?? []), row.id]);
  }
  for (const [instanceId, eventIds] of missed) {
    verdict.lost.push({
      instanceId,
      what: `live events ${eventIds.join(', ')} never reached the socket`,
    });
  }
}
