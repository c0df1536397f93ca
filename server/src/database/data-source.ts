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

/** One definition of the connection for the API, the worker, migrations and tests. */
export function dataSourceOptions(url: string): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITY_FILES,
    migrations: MIGRATION_FILES,
    subscribers: [OutboxWriter],
    synchronize: false,
    migrationsRun: false,
    extra: { max: Number(process.env.DATABASE_POOL_SIZE ?? 10) },
  };
}

export async function runMigrations(url: string): Promise<void> {
  const dataSource = new DataSource(dataSourceOptions(url));
  await dataSource.initialize();
  try {
    await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await dataSource.destroy();
  }
}
