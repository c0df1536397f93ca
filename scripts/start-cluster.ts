/**
 * `npm run start:cluster`: Flowcard as production runs it, on one machine. The real Temporal
 * server (built from Go modules once, data in Flowcard's Postgres under its own role), two API
 * processes behind one port and two workers, each supervised; data survives a restart and only
 * Ctrl-C stops everything. FLOWCARD_API_PROCESSES, FLOWCARD_WORKERS and
 * FLOWCARD_HISTORY_SHARDS change the sizes.
 */
import { join } from 'node:path';
import { DEMO_PASSWORD, DEMO_USERS } from '#server/seed/demo-seed';
import { startCluster } from './lib/cluster';
import { redact, stopOnSignals } from './lib/flowcard-processes';
import { ensureLocalPostgres, LOCAL_DATA_DIR, localLog } from './lib/infra';

async function main() {
  const { add, stopAll } = stopOnSignals();
  const setting = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
  try {
    const postgres = await ensureLocalPostgres();
    add(postgres.stop);
    console.log(`Postgres:  ${redact(postgres.address)}`);
    const temporalLog = localLog('temporal-server');
    const port = setting('PORT', 3000);
    const cluster = await startCluster({
      databaseUrl: postgres.address,
      workDir: join(LOCAL_DATA_DIR, 'cluster'),
      temporalPort: setting('FLOWCARD_TEMPORAL_PORT', 7233),
      port,
      apiProcesses: setting('FLOWCARD_API_PROCESSES', 2),
      workers: setting('FLOWCARD_WORKERS', 2),
      historyShards: setting('FLOWCARD_HISTORY_SHARDS', 4),
      log: (line) => {
        temporalLog(line);
        if (!line.startsWith('{')) console.log(line.trimEnd());
      },
    });
    add(cluster.stop);
    const base = `http://localhost:${port}`;
    console.log(`
Flowcard (cluster) is ready.
  App (designer):   ${base}/  (a proxy over the API processes on ${cluster.apiPorts.join(', ')})
  REST API:         ${base}/api
  Health:           ${base}/health
  Temporal server:  ${cluster.temporalAddress} (data in Postgres: databases temporal, temporal_visibility)
  Workers:          ${cluster.workers.length}
  Postgres:         ${redact(postgres.address)}
  Demo users (password "${DEMO_PASSWORD}"): ${DEMO_USERS.map((user) => user.email).join(', ')}
  Logs:             .data/logs/
Press Ctrl-C to stop.`);
  } catch (error) {
    console.error(`Flowcard could not start: ${(error as Error).message}`);
    await stopAll(1);
  }
}

void main();
