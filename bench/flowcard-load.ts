/**
 * Drives Flowcard as a client would, through REST and socket.io only: one instance of
 * bench-five-steps per call, on the API processes in turn (round-robin over their ports).
 */
import { io, Socket } from 'socket.io-client';
import type { LiveEvent } from '#server/live/live-event';
import { DEMO_PASSWORD } from '#server/seed/demo-seed';

/** How often the bench asks the REST API whether something changed. */
export const POLL_MS = 20;
const WAIT_MS = 120_000;
/** A request unanswered this long has hung: the bench stops and says which one. */
const REQUEST_TIMEOUT_MS = 60_000;

export interface InstanceTiming {
  startToTaskApi: number;
  startToTaskSocket: number;
  /** Task completed -> the next step (here the end) visible. */
  completeToNextApi: number;
  completeToNextSocket: number;
  startToComplete: number;
}

interface Response {
  status: number;
  // The bench reads a few fields of what the API returns; typing every response adds nothing.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

export async function call(
  baseUrl: string,
  token: string | null,
  method: string,
  path: string,
  body?: unknown,
  contentType = 'application/json',
): Promise<Response> {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = contentType;
  const payload = body === undefined || typeof body === 'string' ? body : JSON.stringify(body);
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers,
    body: payload,
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  }).catch((error: Error) => {
    throw new Error(`${method} ${path} got no answer: ${error.message}`);
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

function expect(response: Response, status: number | number[], what: string): Response {
  if (![status].flat().includes(response.status)) {
    throw new Error(`${what}: ${JSON.stringify(response.body)}`);
  }
  return response;
}

async function eventually<T>(check: () => Promise<T | undefined | null | false>): Promise<T> {
  const deadline = Date.now() + WAIT_MS;
  while (Date.now() < deadline) {
    const value = await check();
    if (value) return value;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  throw new Error(`condition not met in ${WAIT_MS} ms`);
}

/** One API process as the bench sees it: its address and a manager's socket on it. */
interface ApiEndpoint {
  baseUrl: string;
  socket: Socket;
}

export class FlowcardLoad {
  /** When each instance's task appeared and when it completed, as seen over socket.io. */
  private readonly seen = new Map<string, { task?: number; done?: number }>();

  private constructor(
    private readonly endpoints: ApiEndpoint[],
    private readonly token: string,
    private readonly definitionId: string,
  ) {}

  /** Signs in, deploys bench-five-steps as the analyst and opens a manager's socket per API. */
  static async connect(baseUrls: string[], processXml: string): Promise<FlowcardLoad> {
    const analyst = await signIn(baseUrls[0], 'analyst@demo.local');
    const manager = await signIn(baseUrls[0], 'manager@demo.local');
    const deployed = expect(
      await call(
        baseUrls[0],
        analyst,
        'POST',
        '/api/process-definitions',
        processXml,
        'application/xml',
      ),
      // 200: the same diagram was deployed before (an external database).
      [200, 201],
      'deploy',
    );
    const endpoints = await Promise.all(
      baseUrls.map(async (baseUrl) => ({ baseUrl, socket: await openSocket(baseUrl, manager) })),
    );
    const load = new FlowcardLoad(endpoints, manager, deployed.body.id);
    for (const { socket } of endpoints) socket.on('event', (event) => load.record(event));
    return load;
  }

  private record(event: LiveEvent) {
    if (!event.instanceId) return;
    const entry = this.seen.get(event.instanceId) ?? {};
    if (event.type === 'task.created') entry.task ??= performance.now();
    if (event.type === 'instance.completed') entry.done ??= performance.now();
    this.seen.set(event.instanceId, entry);
  }

  /** A new client, an instance for it, its user task completed, its end seen both ways. */
  async runOne(index: number): Promise<InstanceTiming> {
    const count = this.endpoints.length;
    // Warm-up instances count down from -1; the measured ones up from 0.
    const { baseUrl, socket } = this.endpoints[((index % count) + count) % count];
    const api = (method: string, path: string, body?: unknown) =>
      call(baseUrl, this.token, method, path, body);
    const client = expect(
      await api('POST', '/api/clients', {
        kind: 'company',
        name: `Bench client ${index}`,
        // Potential, so the process's move to active follows the client lifecycle.
        status: 'potential',
      }),
      201,
      'create client',
    );
    await socket.emitWithAck('subscribe', { room: `client:${client.body.id}` });
    const startedAt = performance.now();
    const started = expect(
      await api('POST', '/api/process-instances', {
        definitionId: this.definitionId,
        clientId: client.body.id,
      }),
      // 202: accepted while Temporal was slow; the workflow starts a moment later.
      [201, 202],
      'start',
    );
    const instanceId: string = started.body.id;
    const task = await eventually(
      async () => (await api('GET', `/api/tasks?instanceId=${instanceId}`)).body.items[0],
    );
    const taskApiAt = performance.now();
    expect(await api('POST', `/api/tasks/${task.id}/complete`, {}), 200, 'complete');
    await eventually(async () => {
      const card = await api('GET', `/api/process-instances/${instanceId}`);
      if (card.body.status === 'failed')
        throw new Error(`instance ${instanceId} failed: ${JSON.stringify(card.body.error)}`);
      return card.body.status === 'completed';
    });
    const doneApiAt = performance.now();
    const live = await eventually(async () => {
      const entry = this.seen.get(instanceId);
      return entry?.task && entry.done ? entry : null;
    });
    this.seen.delete(instanceId);
    await socket.emitWithAck('unsubscribe', { room: `client:${client.body.id}` });
    return {
      startToTaskApi: taskApiAt - startedAt,
      startToTaskSocket: live.task! - startedAt,
      completeToNextApi: doneApiAt - taskApiAt,
      completeToNextSocket: live.done! - taskApiAt,
      startToComplete: Math.max(doneApiAt, live.done!) - startedAt,
    };
  }

  close() {
    for (const { socket } of this.endpoints) socket.disconnect();
  }
}

/** A demo user's access token. */
export async function signIn(baseUrl: string, email: string): Promise<string> {
  return expect(
    await call(baseUrl, null, 'POST', '/api/auth/login', { email, password: DEMO_PASSWORD }),
    200,
    `login ${email}`,
  ).body.accessToken;
}

export async function openSocket(baseUrl: string, token: string): Promise<Socket> {
  const socket = io(`${baseUrl}/live`, { auth: { token }, transports: ['websocket'] });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return socket;
}
