/**
 * The real Temporal server (not the dev server), on the Postgres that Flowcard uses: built from
 * Go modules once per machine, its own role and databases, its schema applied with Temporal's
 * own schema tool, then started with several history shards.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { Client as PgClient } from 'pg';
import { RunningService, stopChild, waitForPort } from './infra';

/** The server version the cluster runs; compose pins the same one. */
export const TEMPORAL_SERVER_VERSION = 'v1.32.2';
/** v1.32 needs Go 1.26.10 or newer; the Go module proxy serves this toolchain. */
const GO_TOOLCHAIN = 'go1.27.3';

export interface TemporalServerBinaries {
  server: string;
  sqlTool: string;
}

/**
 * The server and its schema tool: TEMPORAL_SERVER_BIN and TEMPORAL_SQL_TOOL_BIN when set, else
 * a per-machine cache (beside Go's own), built with `go install` when missing.
 */
export function findOrBuildTemporalServer(log: (line: string) => void): TemporalServerBinaries {
  const configured = {
    server: process.env.TEMPORAL_SERVER_BIN,
    sqlTool: process.env.TEMPORAL_SQL_TOOL_BIN,
  };
  if (configured.server && configured.sqlTool) {
    return { server: configured.server, sqlTool: configured.sqlTool };
  }
  const cacheRoot = process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache');
  const binDir = join(cacheRoot, 'flowcard', `temporal-server-${TEMPORAL_SERVER_VERSION}`);
  const binaries = {
    server: join(binDir, 'temporal-server'),
    sqlTool: join(binDir, 'temporal-sql-tool'),
  };
  if (existsSync(binaries.server) && existsSync(binaries.sqlTool)) return binaries;
  if (!commandExists('go')) {
    throw new Error(
      'The Temporal server is built from Go modules, and Go was not found on PATH. Install Go ' +
        '(https://go.dev/dl), or set TEMPORAL_SERVER_BIN and TEMPORAL_SQL_TOOL_BIN to prebuilt ' +
        `binaries of go.temporal.io/server ${TEMPORAL_SERVER_VERSION}.`,
    );
  }
  mkdirSync(binDir, { recursive: true });
  const env = {
    ...process.env,
    GOBIN: binDir,
    GOTOOLCHAIN: process.env.GOTOOLCHAIN ?? GO_TOOLCHAIN,
  };
  for (const [module, binary, target] of [
    ['go.temporal.io/server/cmd/server', 'server', binaries.server],
    ['go.temporal.io/server/cmd/tools/sql', 'sql', binaries.sqlTool],
  ] as const) {
    log(
      `Building ${module}@${TEMPORAL_SERVER_VERSION} with go install (minutes the first time) ...`,
    );
    execFileSync('go', ['install', `${module}@${TEMPORAL_SERVER_VERSION}`], {
      env,
      stdio: 'inherit',
    });
    renameSync(join(binDir, binary), target);
  }
  return binaries;
}

function commandExists(command: string): boolean {
  try {
    execFileSync(command, ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export interface TemporalDatabase {
  host: string;
  port: number;
  user: string;
  password: string;
}

const TEMPORAL_DATABASES = [
  { name: 'temporal', schema: 'postgresql/v12/temporal' },
  { name: 'temporal_visibility', schema: 'postgresql/v12/visibility' },
];

/**
 * Gives Temporal its own role and its two databases in Flowcard's Postgres (`adminUrl` must be
 * allowed to create roles), then brings their schema to the server's version. Safe to repeat.
 */
export async function prepareTemporalDatabases(
  adminUrl: string,
  database: TemporalDatabase,
  sqlTool: string,
): Promise<void> {
  const admin = new PgClient({ connectionString: adminUrl });
  await admin.connect();
  try {
    const role = await admin.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [database.user]);
    if (role.rowCount === 0) {
      await admin.query(
        `CREATE ROLE "${database.user}" LOGIN PASSWORD '${database.password.replace(/'/g, "''")}'`,
      );
    }
    for (const { name } of TEMPORAL_DATABASES) {
      const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
      if (exists.rowCount === 0)
        await admin.query(`CREATE DATABASE "${name}" OWNER "${database.user}"`);
    }
  } finally {
    await admin.end();
  }
  for (const { name, schema } of TEMPORAL_DATABASES) {
    const tool = (...args: string[]) =>
      execFileSync(
        sqlTool,
        [
          '--plugin',
          'postgres12',
          '--endpoint',
          database.host,
          '--port',
          String(database.port),
          '--user',
          database.user,
          '--password',
          database.password,
          '--database',
          name,
          ...args,
        ],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      );
    if (!(await hasSchemaVersionTable(database, name))) tool('setup-schema', '--version', '0.0');
    tool('update-schema', '--schema-name', schema);
  }
}

async function hasSchemaVersionTable(database: TemporalDatabase, name: string): Promise<boolean> {
  const client = new PgClient({ ...database, database: name });
  await client.connect();
  try {
    const found = await client.query("SELECT to_regclass('public.schema_version') AS name");
    return found.rows[0].name !== null;
  } finally {
    await client.end();
  }
}

export interface TemporalServerOptions {
  binaries: TemporalServerBinaries;
  database: TemporalDatabase;
  /** The frontend's gRPC port; the other services take the ports just above it. */
  port: number;
  historyShards: number;
  /** Where the rendered configuration goes. */
  workDir: string;
  log: (line: string) => void;
}

/**
 * Starts the server with every service in one process (frontend, history, matching, worker),
 * registers the `default` namespace once, and answers when a client can use it.
 */
export async function startTemporalServer(options: TemporalServerOptions): Promise<RunningService> {
  mkdirSync(options.workDir, { recursive: true });
  const dynamicConfig = join(options.workDir, 'dynamic-config.yaml');
  writeFileSync(dynamicConfig, DYNAMIC_CONFIG);
  const configFile = join(options.workDir, 'temporal.yaml');
  writeFileSync(configFile, serverConfig(options, dynamicConfig));
  const child = spawn(
    options.binaries.server,
    ['--config-file', configFile, '--allow-no-auth', 'start'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout?.on('data', (chunk: Buffer) => options.log(chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => options.log(chunk.toString()));
  const killOnExit = () => child.kill();
  process.once('exit', killOnExit);
  const stop = () => {
    process.removeListener('exit', killOnExit);
    return stopChild(child);
  };
  try {
    await waitForPort(options.port, 120_000, child);
    await ensureNamespace(`127.0.0.1:${options.port}`, 'default');
  } catch (error) {
    await stop();
    throw error;
  }
  return { address: `127.0.0.1:${options.port}`, stop };
}

/** Registers the namespace if it is missing and waits until the frontend serves it. */
async function ensureNamespace(address: string, namespace: string): Promise<void> {
  const connection = await Connection.connect({ address });
  try {
    const service = connection.workflowService;
    try {
      await service.describeNamespace({ namespace });
    } catch {
      await service.registerNamespace({
        namespace,
        workflowExecutionRetentionPeriod: msToTs('3 days'),
      });
    }
    // The frontend learns of a new namespace on its next cache refresh.
    const deadline = Date.now() + 60_000;
    for (;;) {
      try {
        await service.listWorkflowExecutions({ namespace, pageSize: 1 });
        return;
      } catch (error) {
        if (Date.now() > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
  } finally {
    await connection.close();
  }
}

/**
 * Dynamic settings the dev server has on by default and production wants too: workflow updates
 * (task completion goes through them) and prompt search-attribute reads.
 */
const DYNAMIC_CONFIG = `frontend.enableUpdateWorkflowExecution:
  - value: true
frontend.enableUpdateWorkflowExecutionAsyncAccepted:
  - value: true
system.forceSearchAttributesCacheRefreshOnRead:
  - value: true
`;

/** Temporal's development-postgres12.yaml, with our ports, role, shards and no metrics port. */
function serverConfig(options: TemporalServerOptions, dynamicConfig: string): string {
  const { database, port } = options;
  const store = (name: string, maxConns: number) => `    ${name}:
      sql:
        pluginName: "postgres12"
        databaseName: "${name === 'default' ? 'temporal' : 'temporal_visibility'}"
        connectAddr: "${database.host}:${database.port}"
        connectProtocol: "tcp"
        user: "${database.user}"
        password: "${database.password}"
        maxConns: ${maxConns}
        maxIdleConns: ${maxConns}
        maxConnLifetime: "1h"`;
  const service = (name: string, offset: number, httpPort?: number) => `  ${name}:
    rpc:
      grpcPort: ${port + offset}
      membershipPort: ${port + 100 + offset}
      bindOnLocalHost: true${httpPort ? `\n      httpPort: ${httpPort}` : ''}`;
  return `log:
  stdout: true
  level: warn
persistence:
  defaultStore: default
  visibilityStore: visibility
  numHistoryShards: ${options.historyShards}
  datastores:
${store('default', 20)}
${store('visibility', 4)}
global:
  membership:
    maxJoinDuration: 30s
    broadcastAddress: "127.0.0.1"
services:
${service('frontend', 0, port + 10)}
${service('history', 1)}
${service('matching', 2)}
${service('worker', 6)}
clusterMetadata:
  enableGlobalNamespace: false
  failoverVersionIncrement: 10
  masterClusterName: "active"
  currentClusterName: "active"
  clusterInformation:
    active:
      enabled: true
      initialFailoverVersion: 1
      rpcName: "frontend"
      rpcAddress: "127.0.0.1:${port}"
dcRedirectionPolicy:
  policy: "noop"
dynamicConfigClient:
  filepath: "${dynamicConfig}"
  pollInterval: "10s"
`;
}
