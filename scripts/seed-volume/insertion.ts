/** Writes the generated rows: one multi-row INSERT per batch, through `json_to_recordset`. */
import { EntityManager } from 'typeorm';
import { Rows } from './generators';

const ROWS_PER_INSERT = 5000;

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

/** One chunk's rows, in foreign-key order, inside the caller's transaction. */
export async function insertChunk(manager: EntityManager, rows: Rows): Promise<void> {
  await insertRows(manager, 'clients', rows.clients);
  await insertRows(manager, 'client_status_changes', rows.statusChanges);
  await insertRows(manager, 'deals', rows.deals);
  await insertRows(manager, 'deal_stage_changes', rows.stageChanges);
  await insertRows(manager, 'activities', rows.activities);
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
