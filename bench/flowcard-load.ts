/**
 * Drives Flowcard as a client would, through REST and socket.io only: one instance of
 * bench-five-steps per call, on the API processes in turn (round-robin over their ports).
 * Two ways: `runAsScreen` learns of each step as the web app does (a socket.io event, then one
 * REST read), the throughput phase; `runOne` also polls REST for each step, the latency phase,
 * which times every step both ways.
 */
import { io, Socket } from 'socket.io-client';
import type { LiveEvent } from '#server/live/live-event';
import { DEMO_PASSWORD } from '#server/seed/demo-seed';

/** How often `runOne` asks the REST API whether something changed, unless told otherwise. */
export const DEFAULT_POLL_MS = 20;
/** How long `runAsScreen` waits for a step's event before reading REST anyway, unless told otherwise. */
export const DEFAULT_FALLBACK_MS = 1000;
const WAIT_MS = 120_000;
/** Sends of one completion answered 503 (the engine's deadline passed) before the bench gives up. */
const COMPLETE_ATTEMPTS = 5;
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

/** The two steps a bench instance shows: its user task, then its end. */
type Step = 'task' | 'done';
const STEPS: Step[] = ['task', 'done'];
const EVENT_OF_STEP: Record<Step, LiveEvent['type']> = {
  task: 'task.created',
  done: 'instance.completed',
};

/** What the screen-like driver had to do beyond one event and one read per step. */
export interface EventTally {
  /** REST reads made because a step's event had not come within the fallback time. */
  fallbackReads: number;
  /** Steps such a read found before their event came: late or lost events, by step. */
  foundByFallback: Record<Step, number>;
  /** Of those, events still not heard when their instance ended. */
  neverHeard: number;
  /** Reads right after an event that did not show its step yet. */
  readsBehindEvent: number;
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

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Resolves when `promise` does or after `ms`, whichever comes first; the timer does not outlive it. */
async function within(promise: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      promise,
      new Promise<void>((resolve) => (timer = setTimeout(resolve, ms))),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** One API process as the bench sees it: its address and a manager's socket on it. */
interface ApiEndpoint {
  baseUrl: string;
  socket: Socket;
}

export interface LoadOptions {
  pollMs?: number;
  fallbackMs?: number;
}

/** An instance started for a new client, and what it needs to be driven on. */
interface Started {
  api: (method: string, path: string, body?: unknown) => Promise<Response>;
  socket: Socket;
  clientId: string;
  instanceId: string;
  startedAt: number;
}

export class FlowcardLoad {
  /** When each instance's steps were heard over socket.io. */
  private readonly heardAt = new Map<string, Partial<Record<Step, number>>>();
  /** Who waits for a step's event, by `instanceId:step`. */
  private readonly listeners = new Map<string, () => void>();
  private requestCount = 0;
  private completionRetries = 0;
  private tally = emptyTally();

  private constructor(
    private readonly endpoints: ApiEndpoint[],
    private readonly token: string,
    private readonly definitionId: string,
    private readonly pollMs: number,
    private readonly fallbackMs: number,
  ) {}

  /** Signs in, deploys bench-five-steps as the analyst and opens a manager's socket per API. */
  static async connect(
    baseUrls: string[],
    processXml: string,
    options: LoadOptions = {},
  ): Promise<FlowcardLoad> {
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
    const load = new FlowcardLoad(
      endpoints,
      manager,
      deployed.body.id,
      options.pollMs ?? DEFAULT_POLL_MS,
      options.fallbackMs ?? DEFAULT_FALLBACK_MS,
    );
    for (const { socket } of endpoints) socket.on('event', (event) => load.record(event));
    return load;
  }

  private record(event: LiveEvent) {
    if (!event.instanceId) return;
    const step = STEPS.find((candidate) => EVENT_OF_STEP[candidate] === event.type);
    if (!step) return;
    const entry = this.heardAt.get(event.instanceId) ?? {};
    if (entry[step] !== undefined) return;
    entry[step] = performance.now();
    this.heardAt.set(event.instanceId, entry);
    this.listeners.get(`${event.instanceId}:${step}`)?.();
  }

  /** Resolves when the step's event has been heard (at once if it was). */
  private heard(instanceId: string, step: Step): Promise<void> {
    if (this.heardAt.get(instanceId)?.[step] !== undefined) return Promise.resolve();
    return new Promise((resolve) => this.listeners.set(`${instanceId}:${step}`, resolve));
  }

  /**
   * REST requests made since the last call, and what the screen-like driver needed beyond its
   * events; counting starts again.
   */
  takeCounts(): { requests: number; completionRetries: number; tally: EventTally } {
    const counts = {
      requests: this.requestCount,
      completionRetries: this.completionRetries,
      tally: this.tally,
    };
    this.requestCount = 0;
    this.completionRetries = 0;
    this.tally = emptyTally();
    return counts;
  }

  /**
   * Throughput: the user task learned from `task.created` on the client's room, then one read
   * of the task list; completed over REST; the end learned from `instance.completed`, then one
   * read of the instance card. A step whose event has not come within the fallback time is read
   * anyway, every fallback period, so a lost event cannot hang the run (counted: it is a bug).
   */
  async runAsScreen(index: number): Promise<InstanceTiming> {
    const started = await this.start(index);
    const { api, instanceId, startedAt } = started;
    const task = await this.stepVisible(instanceId, 'task', async () =>
      this.firstTask(api, instanceId),
    );
    const taskApiAt = performance.now();
    await this.complete(api, task.id);
    await this.stepVisible(instanceId, 'done', async () => this.completed(api, instanceId));
    const doneApiAt = performance.now();
    const heard = this.heardAt.get(instanceId) ?? {};
    if (heard.task === undefined) this.tally.neverHeard++;
    if (heard.done === undefined) this.tally.neverHeard++;
    await this.finish(started);
    // An event never heard counts as seen when REST showed its step.
    return timing(
      startedAt,
      taskApiAt,
      doneApiAt,
      heard.task ?? taskApiAt,
      heard.done ?? doneApiAt,
    );
  }

  /**
   * Latency: REST polled every `pollMs` for each step and socket.io heard for it, both timed.
   * Each poll is a full authenticated request: the API and Postgres pay for it.
   */
  async runOne(index: number): Promise<InstanceTiming> {
    const started = await this.start(index);
    const { api, instanceId, startedAt } = started;
    const task = await this.poll(() => this.firstTask(api, instanceId));
    const taskApiAt = performance.now();
    await this.complete(api, task.id);
    await this.poll(() => this.completed(api, instanceId));
    const doneApiAt = performance.now();
    await withDeadline(
      Promise.all([this.heard(instanceId, 'task'), this.heard(instanceId, 'done')]),
      `the socket.io events of instance ${instanceId}`,
    );
    const heard = this.heardAt.get(instanceId)!;
    await this.finish(started);
    return timing(startedAt, taskApiAt, doneApiAt, heard.task!, heard.done!);
  }

  /** A new client, its room joined, an instance started for it. */
  private async start(index: number): Promise<Started> {
    const count = this.endpoints.length;
    // Warm-up instances count down from -1; the measured ones up from 0.
    const { baseUrl, socket } = this.endpoints[((index % count) + count) % count];
    const api = (method: string, path: string, body?: unknown) => {
      this.requestCount++;
      return call(baseUrl, this.token, method, path, body);
    };
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
    const clientId: string = client.body.id;
    await socket.emitWithAck('subscribe', { room: `client:${clientId}` });
    const startedAt = performance.now();
    const started = expect(
      await api('POST', '/api/process-instances', { definitionId: this.definitionId, clientId }),
      // 202: accepted while Temporal was slow; the workflow starts a moment later.
      [201, 202],
      'start',
    );
    return { api, socket, clientId, instanceId: started.body.id, startedAt };
  }

  private async finish({ socket, clientId, instanceId }: Started) {
    this.heardAt.delete(instanceId);
    this.listeners.delete(`${instanceId}:task`);
    this.listeners.delete(`${instanceId}:done`);
    await socket.emitWithAck('unsubscribe', { room: `client:${clientId}` });
  }

  /**
   * Completes the task; sent again, as a user would, when the API answers 503 because the
   * engine did not take the update before its deadline (the same update id: it completes once).
   */
  private async complete(api: Started['api'], taskId: string): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const response = await api('POST', `/api/tasks/${taskId}/complete`, {});
      if (response.status !== 503 || attempt === COMPLETE_ATTEMPTS) {
        expect(response, 200, 'complete');
        return;
      }
      this.completionRetries++;
    }
  }

  private async firstTask(api: Started['api'], instanceId: string): Promise<{ id: string } | null> {
    return (await api('GET', `/api/tasks?instanceId=${instanceId}`)).body.items[0] ?? null;
  }

  private async completed(api: Started['api'], instanceId: string): Promise<boolean> {
    const card = await api('GET', `/api/process-instances/${instanceId}`);
    if (card.body.status === 'failed')
      throw new Error(`instance ${instanceId} failed: ${JSON.stringify(card.body.error)}`);
    return card.body.status === 'completed';
  }

  private async poll<T>(read: () => Promise<T | null | false>): Promise<T> {
    const deadline = performance.now() + WAIT_MS;
    while (performance.now() < deadline) {
      const value = await read();
      if (value) return value;
      await sleep(this.pollMs);
    }
    throw new Error(`condition not met in ${WAIT_MS} ms`);
  }

  /** The step once its event is heard and one read shows it (see `runAsScreen`). */
  private async stepVisible<T>(
    instanceId: string,
    step: Step,
    read: () => Promise<T | null | false>,
  ): Promise<T> {
    const heard = this.heard(instanceId, step);
    const deadline = performance.now() + WAIT_MS;
    let wait = within(heard, this.fallbackMs);
    for (;;) {
      await wait;
      const afterEvent = this.heardAt.get(instanceId)?.[step] !== undefined;
      if (!afterEvent) this.tally.fallbackReads++;
      const value = await read();
      if (value) {
        if (!afterEvent) this.tally.foundByFallback[step]++;
        return value;
      }
      if (afterEvent) this.tally.readsBehindEvent++;
      if (performance.now() > deadline) throw new Error(`condition not met in ${WAIT_MS} ms`);
      wait = afterEvent ? sleep(this.fallbackMs) : within(heard, this.fallbackMs);
    }
  }

  close() {
    for (const { socket } of this.endpoints) socket.disconnect();
  }
}

function emptyTally(): EventTally {
  return {
    fallbackReads: 0,
    foundByFallback: { task: 0, done: 0 },
    neverHeard: 0,
    readsBehindEvent: 0,
  };
}

function timing(
  startedAt: number,
  taskApiAt: number,
  doneApiAt: number,
  taskSocketAt: number,
  doneSocketAt: number,
): InstanceTiming {
  return {
    startToTaskApi: taskApiAt - startedAt,
    startToTaskSocket: taskSocketAt - startedAt,
    completeToNextApi: doneApiAt - taskApiAt,
    completeToNextSocket: doneSocketAt - taskApiAt,
    startToComplete: Math.max(doneApiAt, doneSocketAt) - startedAt,
  };
}

async function withDeadline<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: not heard in ${WAIT_MS} ms`)), WAIT_MS);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
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
