/** The bench database with the demo data and a volume of clients: what bench:crm and bench:ui start from. */
import { performance } from 'node:perf_hooks';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '#server/database/data-source';
import { seedDemoData } from '#server/seed/demo-seed';
import { seedVolume, VolumeSeedCounts } from '#scripts/seed-volume/index';

export async function seedClientVolume(
  databaseUrl: string,
  clients: number,
  seed: number,
): Promise<{ dataSource: DataSource; counts: VolumeSeedCounts | null; seedStartedAt: number }> {
  const dataSource = await new DataSource(dataSourceOptions(databaseUrl)).initialize();
  await seedDemoData(dataSource);
  console.log(`Seeding ${clients} clients ...`);
  const seedStartedAt = performance.now();
  const counts = await seedVolume(dataSource, { clients, seed });
  return { dataSource, counts, seedStartedAt };
}
