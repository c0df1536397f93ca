/**
 * `npm run seed -- --clients 100000 [--seed 1]`: migrates the Postgres of `npm start` (or
 * DATABASE_URL), seeds the demo, then the volume data of index.ts.
 */
import { DataSource } from 'typeorm';
import { dataSourceOptions, runMigrations } from '#server/database/data-source';
import { seedDemoData } from '#server/seed/demo-seed';
import { ensureLocalPostgres } from '../lib/infra';
import { seedVolume } from './index';

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  const value = index >= 0 ? Number(process.argv[index + 1]) : fallback;
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`--${name} takes a positive whole number`);
  return value;
}

async function main() {
  const clients = option('clients', 100_000);
  const seed = option('seed', 1);
  const postgres = await ensureLocalPostgres();
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

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
