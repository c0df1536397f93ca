/**
 * What `npm start` and `npm run start:cluster` share: the API and worker scripts from dist, each
 * run under a supervisor that restarts it with back-off, and one orderly stop on Ctrl-C.
 */
import { spawn } from 'node:child_process';
import { DataSource } from 'typeorm';
import { repoRoot } from '#server/common/repo-root';
import { dataSourceOptions, runMigrations } from '#server/database/data-source';
import { seedDemoData } from '#server/seed/demo-seed';
import { localLog } from './infra';
import { BackOff, DEFAULT_BACK_OFF, Supervisor } from './supervisor';

export const API_SCRIPT = 'dist/server/src/main.js';
export const WORKER_SCRIPT = 'dist/server/src/processes/runtime/worker-main.js';

/** Brings the schema up to date and seeds the demo data once; says whether it seeded now. */
export async function migrateAndSeed(databaseUrl: string): Promise<boolean> {
  await runMigrations(databaseUrl);
  const dataSource = await new DataSource(dataSourceOptions(databaseUrl)).initialize();
  try {
    return (await seedDemoData(dataSource)).seeded;
  } finally {
    await dataSource.destroy();
  }
}

/** Runs `script` under a supervisor that starts it again whenever it exits by itself. */
export function superviseChild(
  name: string,
  script: string,
  env: NodeJS.ProcessEnv,
  backOff: BackOff = backOffFromEnv(),
): Supervisor {
  const log = localLog(name);
  const supervisor = new Supervisor({
    name,
    backOff,
    spawn: () => {
      const child = spawn(process.execPath, [script], {
        cwd: repoRoot(),
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

export function backOffFromEnv(): BackOff {
  const setting = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
  return {
    initialDelayMs: setting('FLOWCARD_RESTART_DELAY_MS', DEFAULT_BACK_OFF.initialDelayMs),
    maxDelayMs: setting('FLOWCARD_RESTART_MAX_DELAY_MS', DEFAULT_BACK_OFF.maxDelayMs),
    resetAfterMs: setting('FLOWCARD_RESTART_RESET_AFTER_MS', DEFAULT_BACK_OFF.resetAfterMs),
  };
}

/**
 * Stops what was started, newest first, once: on Ctrl-C or SIGTERM (exit code 0) or when
 * starting failed (`stopAll(1)`).
 */
export function stopOnSignals(): {
  add: (stop: () => Promise<void>) => void;
  stopAll: (code: number) => Promise<void>;
} {
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
  return { add: (stop) => stops.push(stop), stopAll };
}

/** A connection string with its password hidden, for printing. */
export function redact(url: string): string {
  return url.replace(/\/\/([^:/]+):[^@]+@/, '//$1:***@');
}
