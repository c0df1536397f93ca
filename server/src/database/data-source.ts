import { join } from 'node:path';
import { DataSource, DataSourceOptions } from 'typeorm';
import { OutboxWriter } from '../live/outbox';

/**
 * Entities and migrations are found by file name, so a domain module adds its own without
 * touching a shared list. The patterns match `.ts` under jest and `.js` in `dist/`.
 */
const serverSource = join(__dirname, '..');
export const ENTITY_FILES = [join(serverSource, '**/*.entity.{ts,js}')];
export const MIGRATION_FILES = [join(serverSource, '../../migrations/*.{ts,js}')];

/**
 * How long anything may wait on the database, in milliseconds. A burst of requests must end in
 * fast refusals (503 DATABASE_BUSY) rather than a queue that never drains: a statement, a lock
 * wait and a transaction left idle are all bounded on the server, and a request waits for a pool
 * connection only `poolTimeoutMs`.
 */
export interface DatabaseTimeouts {
  statementTimeoutMs: number;
  lockTimeoutMs: number;
  idleInTransactionTimeoutMs: number;
  poolTimeoutMs: number;
}

export function databaseTimeouts(env: NodeJS.ProcessEnv = process.env): DatabaseTimeouts {
  return {
    statementTimeoutMs: milliseconds(env, 'DATABASE_STATEMENT_TIMEOUT_MS', 30_000),
    lockTimeoutMs: milliseconds(env, 'DATABASE_LOCK_TIMEOUT_MS', 10_000),
    idleInTransactionTimeoutMs: milliseconds(
      env,
      'DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS',
      60_000,
    ),
    poolTimeoutMs: milliseconds(env, 'DATABASE_POOL_TIMEOUT_MS', 5_000),
  };
}

/**
 * The settings node-postgres takes for one connection: it sends the three timeouts as session
 * settings when it opens the connection. For connections outside the pool (the event relay).
 */
export function connectionTimeouts(timeouts: DatabaseTimeouts = databaseTimeouts()) {
  return {
    connectionTimeoutMillis: timeouts.poolTimeoutMs,
    statement_timeout: timeouts.statementTimeoutMs,
    lock_timeout: timeouts.lockTimeoutMs,
    idle_in_transaction_session_timeout: timeouts.idleInTransactionTimeoutMs,
  };
}

/** One definition of the connection for the API, the worker, migrations and tests. */
export function dataSourceOptions(
  url: string,
  timeouts: DatabaseTimeouts = databaseTimeouts(),
): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITY_FILES,
    migrations: MIGRATION_FILES,
    subscribers: [OutboxWriter],
    synchronize: false,
    migrationsRun: false,
    // The pool applies connectionTimeoutMillis to waiting for a free connection as well.
    extra: { max: Number(process.env.DATABASE_POOL_SIZE ?? 10), ...connectionTimeouts(timeouts) },
  };
}

/** Migrations may build indexes on large tables: no statement timeout for them. */
export async function runMigrations(url: string): Promise<void> {
  const dataSource = new DataSource(
    dataSourceOptions(url, { ...databaseTimeouts(), statementTimeoutMs: 0 }),
  );
  await dataSource.initialize();
  try {
    await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await dataSource.destroy();
  }
}

function milliseconds(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    throw new Error(`${name} must be a whole number of milliseconds (0 turns it off)`);
  }
  return value;
}
