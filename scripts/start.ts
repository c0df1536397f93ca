/**
 * `npm start`: finds or starts Postgres and Temporal, migrates, seeds the demo once,
 * then runs the API and the worker as separate supervised processes: a crashed one is started
 * again with back-off (`scripts/lib/supervisor.ts`); only Ctrl-C or SIGTERM stops everything.
 */
import { join } from 'node:path';
import { DEMO_PASSWORD, DEMO_USERS } from '#server/seed/demo-seed';
import {
  ensureLocalPostgres,
  ensureTemporal,
  LOCAL_DATA_DIR,
  localLog,
  RunningService,
  waitForPort,
} from './lib/infra';
import {
  API_SCRIPT,
  migrateAndSeed,
  redact,
  stopOnSignals,
  superviseChild,
  WORKER_SCRIPT,
} from './lib/flowcard-processes';

async function main() {
  const { add, stopAll } = stopOnSignals();
  try {
    const postgres = await ensureLocalPostgres();
    add(postgres.stop);
    console.log(`Postgres:  ${redact(postgres.address)}`);
    const temporalPort = Number(process.env.FLOWCARD_TEMPORAL_PORT ?? 7233);
    const temporal = await ensureTemporal({
      dbFile: join(LOCAL_DATA_DIR, 'temporal', 'temporal.db'),
      port: temporalPort,
      uiPort: Number(process.env.FLOWCARD_TEMPORAL_UI_PORT ?? temporalPort + 1000),
      log: localLog('temporal'),
    });
    add(temporal.stop);
    console.log(`Temporal:  ${temporal.address}`);

    if (await migrateAndSeed(postgres.address))
      console.log('Seeded the demo users, clients and process.');

    const port = Number(process.env.PORT ?? 3000);
    const env = {
      ...process.env,
      DATABASE_URL: postgres.address,
      TEMPORAL_ADDRESS: temporal.address,
      PORT: String(port),
    };
    const worker = superviseChild('worker', WORKER_SCRIPT, env);
    add(() => worker.stop());
    const api = superviseChild('api', API_SCRIPT, env);
    add(() => api.stop());
    await waitForPort(port, 60_000);
    printReady(port, temporal, postgres);
  } catch (error) {
    console.error(`Flowcard could not start: ${(error as Error).message}`);
    await stopAll(1);
  }
}

function printReady(
  port: number,
  temporal: RunningService & { uiUrl: string | null },
  postgres: RunningService,
) {
  const base = `http://localhost:${port}`;
  console.log(`
Flowcard is ready.
  App (designer):   ${base}/
  REST API:         ${base}/api
  OpenAPI docs:     ${base}/api/docs
  Health:           ${base}/health
  Temporal UI:      ${temporal.uiUrl ?? '(external Temporal: see its own UI)'}
  Postgres:         ${redact(postgres.address)}
  Demo users (password "${DEMO_PASSWORD}"): ${DEMO_USERS.map((user) => user.email).join(', ')}
  Logs:             .data/logs/
Press Ctrl-C to stop.`);
}

void main();
