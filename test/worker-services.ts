/**
 * Run before each integration test file (jest `setupFiles`): points the file at its jest
 * worker's database and task queue, which the global setup prepared.
 */
export function workerDatabaseName(migrated: string, worker: string): string {
  return `${migrated}_w${worker}`;
}

const databaseUrl = process.env.FLOWCARD_TEST_DATABASE_URL;
const taskQueue = process.env.FLOWCARD_TEST_TASK_QUEUE;
if (databaseUrl && taskQueue) {
  const worker = process.env.JEST_WORKER_ID ?? '1';
  const url = new URL(databaseUrl);
  url.pathname = `/${workerDatabaseName(url.pathname.slice(1), worker)}`;
  process.env.DATABASE_URL = url.toString();
  process.env.TEMPORAL_TASK_QUEUE = `${taskQueue}-w${worker}`;
}
