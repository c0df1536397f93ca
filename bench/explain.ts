/**
 * `bench:crm --explain`: the plans of the SQL the measured requests run. The benchmark boots
 * Flowcard in its own process, so the statements are caught where every pooled connection sends
 * them (node-postgres' `Client.prototype.query`) while one request is answered. Each then runs
 * again under `EXPLAIN (ANALYZE, BUFFERS)` on a connection of its own, in the order the request
 * sent them and in one transaction rolled back at the end: a setting a statement makes (search's
 * trigram threshold) applies to the next ones as it did, and a write changes nothing.
 */
import { Client as PgClient } from 'pg';

export interface Statement {
  text: string;
  values: unknown[];
}

type Query = (...args: unknown[]) => unknown;

/** What `request` sent to Postgres, from any connection of this process, while it ran. */
export async function captureStatements(request: () => Promise<unknown>): Promise<Statement[]> {
  const statements: Statement[] = [];
  const prototype = PgClient.prototype as unknown as { query: Query };
  const original = prototype.query;
  prototype.query = function capturing(this: unknown, ...args: unknown[]) {
    const [config, values] = args as [string | { text?: string; values?: unknown[] }, unknown];
    const text = typeof config === 'string' ? config : config?.text;
    if (text !== undefined) {
      const bound = Array.isArray(values) ? values : typeof config === 'object' && config.values;
      statements.push({ text, values: bound || [] });
    }
    return original.apply(this, args);
  };
  try {
    await request();
  } finally {
    prototype.query = original;
  }
  return statements;
}

const TRANSACTION_CONTROL = /^\s*(BEGIN|START TRANSACTION|COMMIT|ROLLBACK|SAVEPOINT|RELEASE)\b/i;
const EXPLAINABLE = /^\s*(SELECT|WITH|INSERT|UPDATE|DELETE)\b/i;

/** The statements with their plans, as printable text. */
export async function explainStatements(
  databaseUrl: string,
  statements: Statement[],
): Promise<string> {
  const client = new PgClient({ connectionString: databaseUrl });
  await client.connect();
  const lines: string[] = [];
  try {
    await client.query('BEGIN');
    const explained = statements.filter((statement) => !TRANSACTION_CONTROL.test(statement.text));
    for (const [index, { text, values }] of explained.entries()) {
      lines.push(`    -- statement ${index + 1} of ${explained.length}: ${oneLine(text)}`);
      if (values.length > 0)
        lines.push(`       parameters: ${oneLine(JSON.stringify(values), 300)}`);
      if (!EXPLAINABLE.test(text)) {
        await client.query(text, values);
        continue;
      }
      const result = await client.query<{ 'QUERY PLAN': string }>(
        `EXPLAIN (ANALYZE, BUFFERS) ${text}`,
        values,
      );
      for (const row of result.rows) lines.push(`       ${row['QUERY PLAN']}`);
    }
  } finally {
    await client.query('ROLLBACK');
    await client.end();
  }
  return lines.join('\n');
}

function oneLine(text: string, max = Infinity): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max)} …` : line;
}
