/** Applies pending migrations to DATABASE_URL (production runs it before the API and worker). */
import { runMigrations } from '#server/database/data-source';

const url = process.env.DATABASE_URL;
if (!url) {
  console.error('DATABASE_URL is not set');
  process.exit(2);
}
runMigrations(url).then(
  () => console.log('Migrations are up to date.'),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
