/**
 * `npm start`: finds or starts Postgres and Temporal, migrates, seeds the demo once,
 * then runs the API and the worker as separate supervised processes: a crashed one is started
 * again with back-off (`scripts/lib/supervisor.ts`); only Ctrl-C or SIGTERM stops everything.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { repoRoot } from '#server/common/repo-root';
import { dataSourceOptions, runMigrations } from '#server/database/data-source';
import { DEMO_PASSWORD, DEMO_USERS, seedDemoData } from '#server/seed/demo-seed';
import {
  ensureLocalPostgres,
  ensureTemporal,
  LOCAL_DATA_DIR,
  localLog,
  RunningService,
  waitForPort,
} from './lib/infra';
import { BackOff, DEFAULT_BACK_OFF, Supervisor } from './lib/supervisor';

const root = repoRoot();

async function main() {
  const stops: (() => Promise<void>)[] = [];
  let stopping = false;
  const stopAll = async (code: number) => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping Flowcard ...');
    for (const stop of stops.reverse()) await stop().catch((error) => console.error(error));
    process.exit(code);
  };
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));

  try {
    const postgres = await ensureLocalPostgres();
    stops.push(postgres.stop);
    console.log(`Postgres:  ${redact(postgres.address)}`);
    const temporalPort = Number(process.env.FLOWCARD_TEMPORAL_PORT ?? 7233);
    const temporal = await ensureTemporal({
      dbFile: join(LOCAL_DATA_DIR, 'temporal', 'temporal.db'),
      port: temporalPort,
      uiPort: Number(process.env.FLOWCARD_TEMPORAL_UI_PORT ?? temporalPort + 1000),
      log: localLog('temporal'),
    });
    stops.push(temporal.stop);
    console.log(`Temporal:  ${temporal.address}`);

    await runMigrations(postgres.address);
    const dataSource = await new DataSource(dataSourceOptions(postgres.address)).initialize();
    const { seeded } = await seedDemoData(dataSource);
    await dataSource.destroy();
    if (seeded) console.log('Seeded the demo users, clients and process.');

    const port = Number(process.env.PORT ?? 3000);
    const env = {
      ...process.env,
      DATABASE_URL: postgres.address,
      TEMPORAL_ADDRESS: temporal.address,
      PORT: String(port),
    };
    const backOff = backOffFromEnv();
    const worker = superviseChild(
      'worker',
      'dist/server/src/processes/runtime/worker-main.js',
      env,
      backOff,
    );
    stops.push(() => worker.stop());
    const api = superviseChild('api', 'dist/server/src/main.js', env, backOff);
    stops.push(() => api.stop());
    await waitForPort(port, 60_000);
    printReady(port, temporal, postgres);
  } catch (error) {
    console.error(`Flowcard could not start: ${(error as Error).message}`);
    await stopAll(1);
  }
}

/** Runs `script` under a supervisor that starts it again whenever it exits by itself. */
function superviseChild(
  name: string,
  script: string,
  env: NodeJS.ProcessEnv,
  backOff: BackOff,
): Supervisor {
  const log = localLog(name);
  const supervisor = new Supervisor({
    name,
    backOff,
    spawn: () => {
      const child = spawn(process.execPath, [script], {
        cwd: root,
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child.stdout?.on('data', (chunk: Buffer) => log(chunk.toString()));
      child.stderr?.on('data', (chunk: Buffer) => {
        log(chunk.toString());
        process.stderr.write(`[${name}] ${chunk}`);
      });
      return child;
    },
    log: (message) => {
      log(message);
      console.error(`${message}; see .data/logs/${name}.log`);
    },
  });
  supervisor.start();
  return supervisor;
}

function backOffFromEnv(): BackOff {
  const setting = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
  return {
    initialDelayMs: setting('FLOWCARD_RESTART_DELAY_MS', DEFAULT_BACK_OFF.initialDelayMs),
    maxDelayMs: setting('FLOWCARD_RESTART_MAX_DELAY_MS', DEFAULT_BACK_OFF.maxDelayMs),
    resetAfterMs: setting('FLOWCARD_RESTART_RESET_AFTER_MS', DEFAULT_BACK_OFF.resetAfterMs),
  };
}

function redact(url: string): string {
  return url.replace(/\/\/([^:/]+):[^@]+@/, '//$1:***@');
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
