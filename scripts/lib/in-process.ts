/**
 * Boots the whole Flowcard app in one process: the real API on a free port and, unless told
 * otherwise, a real Temporal worker, against DATABASE_URL and TEMPORAL_ADDRESS. Integration tests
 * (through test/harness) and the benchmark drive it through its public REST API and socket.io,
 * as any client would.
 */
import { INestApplication } from '@nestjs/common';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { io, Socket } from 'socket.io-client';
import { DataSource } from 'typeorm';
import { createApp } from '#server/app.factory';
import { FlowcardConfig, loadConfig } from '#server/common/config';
import { dataSourceOptions } from '#server/database/data-source';
import { DEMO_PASSWORD, seedDemoData } from '#server/seed/demo-seed';
import { createWorker } from '#server/processes/runtime/worker';

export interface Flowcard {
  baseUrl: string;
  dataSource: DataSource;
  api(
    token: string | null,
    method: string,
    path: string,
    body?: unknown,
    contentType?: string,
  ): Promise<{
    status: number;
    // Tests assert on whatever JSON the API returned; typing every response here adds nothing.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    body: any;
  }>;
  login(email: string): Promise<string>;
  socket(token: string): Promise<Socket>;
  /** Tokens and user ids of the demo users, and a shortcut to call the API as one of them. */
  demoPeople(): Promise<DemoPeople>;
  stop(): Promise<void>;
}

let runtimeInstalled = false;

/** Worker logs at WARN: test and bench output stays readable. Once per process, as Temporal allows. */
function installQuietRuntime() {
  if (runtimeInstalled) return;
  Runtime.install({ logger: new DefaultLogger('WARN') });
  runtimeInstalled = true;
}

/** The demo users by the part of their email before `@demo.local`. */
export const DEMO_PEOPLE = ['admin', 'analyst', 'manager', 'noah', 'sara', 'supervisor'] as const;
export type DemoPerson = (typeof DEMO_PEOPLE)[number];

export interface DemoPeople {
  tokens: Record<DemoPerson, string>;
  ids: Record<DemoPerson, string>;
  as: (
    who: DemoPerson,
    method: string,
    path: string,
    body?: unknown,
  ) => ReturnType<Flowcard['api']>;
}

export interface FlowcardOptions {
  /**
   * False boots the API alone: instances still start (Temporal accepts them) but no step runs.
   * Enough for what never waits on a process step, and it saves the worker's start and stop.
   */
  worker?: boolean;
  workflowBundlePath?: string;
  designerDir?: string;
}

export async function startFlowcard(options: FlowcardOptions = {}): Promise<Flowcard> {
  const config = loadConfig();
  const dataSource = await new DataSource(dataSourceOptions(config.databaseUrl)).initialize();
  await seedDemoData(dataSource);
  const worker = options.worker === false ? null : await startWorker(config, dataSource, options);
  const app: INestApplication = await createApp(config, {
    logger: false,
    designerDir: options.designerDir ?? null,
  });
  await app.listen(0, '127.0.0.1');
  const baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  const sockets: Socket[] = [];

  const api: Flowcard['api'] = async (token, method, path, body, contentType) => {
    const headers: Record<string, string> = {};
    if (token) headers.authorization = `Bearer ${token}`;
    let payload: string | undefined;
    if (body !== undefined) {
      headers['content-type'] = contentType ?? 'application/json';
      payload = typeof body === 'string' ? body : JSON.stringify(body);
    }
    const response = await fetch(`${baseUrl}${path}`, { method, headers, body: payload });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null };
  };

  /** Signs a demo user in: `{accessToken, user}`. */
  const signIn = async (email: string) => {
    const response = await api(null, 'POST', '/api/auth/login', { email, password: DEMO_PASSWORD });
    if (response.status !== 200)
      throw new Error(`login ${email}: ${JSON.stringify(response.body)}`);
    return response.body as { accessToken: string; user: { id: string } };
  };

  return {
    baseUrl,
    dataSource,
    api,
    login: async (email) => (await signIn(email)).accessToken,
    async demoPeople() {
      const tokens = {} as Record<DemoPerson, string>;
      const ids = {} as Record<DemoPerson, string>;
      const signedIn = await Promise.all(DEMO_PEOPLE.map((who) => signIn(`${who}@demo.local`)));
      for (const [index, who] of DEMO_PEOPLE.entries()) {
        tokens[who] = signedIn[index].accessToken;
        ids[who] = signedIn[index].user.id;
      }
      return { tokens, ids, as: (who, method, path, body) => api(tokens[who], method, path, body) };
    },
    async socket(token) {
      const socket = io(`${baseUrl}/live`, { auth: { token }, transports: ['websocket'] });
      sockets.push(socket);
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', () => resolve());
        socket.once('connect_error', reject);
      });
      return socket;
    },
    async stop() {
      for (const socket of sockets) socket.disconnect();
      await app.close();
      await worker?.stop();
      await dataSource.destroy();
    },
  };
}

/** A Temporal worker polling the app's task queue, until `stop`. */
async function startWorker(
  config: FlowcardConfig,
  dataSource: DataSource,
  options: FlowcardOptions,
): Promise<{ stop(): Promise<void> }> {
  installQuietRuntime();
  const connection = await NativeConnection.connect({ address: config.temporalAddress });
  const worker: Worker = await createWorker({
    connection,
    namespace: config.temporalNamespace,
    taskQueue: config.taskQueue,
    dataSource,
    workflowBundlePath: options.workflowBundlePath,
  });
  const running = worker.run();
  return {
    async stop() {
      worker.shutdown();
      await running;
      await connection.close();
    },
  };
}

/** The first pause between two checks of `eventually`; each next one doubles, up to its interval. */
const FIRST_POLL_MS = 10;

/**
 * Polls until `check` returns a value, for state that settles asynchronously (timers, relays).
 * Most such state settles within tens of milliseconds: the pauses start short and double up to
 * `intervalMs`, so a quick answer is seen at once and a long wait costs few more checks.
 */
export async function eventually<T>(
  check: () => Promise<T | undefined | null | false>,
  timeoutMs = 20_000,
  intervalMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  let pauseMs = Math.min(FIRST_POLL_MS, intervalMs);
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, pauseMs));
    pauseMs = Math.min(pauseMs * 2, intervalMs);
  }
  throw new Error(`condition not met in ${timeoutMs} ms${last ? `: ${String(last)}` : ''}`);
}
