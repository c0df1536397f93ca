/**
 * Load: bursts of 200 concurrent process starts, 200 concurrent task completions and 200
 * concurrent client creations against the in-process API (real Postgres, real Temporal worker).
 * Every request succeeds (a start may be accepted, 202, and started by the relay), or is refused
 * with 503 and Retry-After and succeeds when retried after that delay; a refused request changed nothing (no instance or client twice); /health answers OK
 * throughout. The figures are printed (docs/reliability.md).
 */
import { Flowcard, startFlowcard } from '#scripts/lib/in-process';

jest.setTimeout(120_000);

const BURST = 200;
const MAX_ATTEMPTS = 30;

let flowcard: Flowcard;
let token: string;

beforeAll(async () => {
  // Shorter than the default 5 s, so that a burst meets the pool timeout and the 503 path runs.
  process.env.DATABASE_POOL_TIMEOUT_MS = '1000';
  flowcard = await startFlowcard({ workflowBundlePath: process.env.FLOWCARD_WORKFLOW_BUNDLE });
  // A manager: the access policy reads their team inside the start's transaction.
  token = await flowcard.login('manager@demo.local');
});

afterAll(() => flowcard?.stop());

interface Outcome {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
  /** 503s met before the final answer; each carried Retry-After. */
  refusals: number;
}

/** One client's request: on 503 it waits Retry-After seconds and tries again. */
async function send(method: string, path: string, body: unknown): Promise<Outcome> {
  let refusals = 0;
  for (let attempt = 1; ; attempt += 1) {
    const response = await fetch(`${flowcard.baseUrl}${path}`, {
      method,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    });
    const answer = await response.json();
    if (response.status !== 503 || attempt === MAX_ATTEMPTS) {
      return { status: response.status, body: answer, refusals };
    }
    refusals += 1;
    const retryAfter = Number(response.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, retryAfter * 1000));
  }
}

/** Polls /health while `work` runs; every answer must be 200. */
async function whileWatchingHealth<T>(
  work: () => Promise<T>,
): Promise<{ result: T; checks: number[] }> {
  const checks: number[] = [];
  let running = true;
  const watcher = (async () => {
    while (running) {
      const response = await fetch(`${flowcard.baseUrl}/health`, {
        signal: AbortSignal.timeout(5000),
      })
        .then((answer) => answer.status)
        .catch(() => 0);
      checks.push(response);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  })();
  try {
    return { result: await work(), checks };
  } finally {
    running = false;
    await watcher;
  }
}

const figures: string[] = [];

async function burst(
  name: string,
  requests: (() => Promise<Outcome>)[],
  expected: readonly number[],
) {
  const startedAt = performance.now();
  const { result: outcomes, checks } = await whileWatchingHealth(() =>
    Promise.all(requests.map((request) => request())),
  );
  const seconds = (performance.now() - startedAt) / 1000;
  const refusals = outcomes.reduce((sum, outcome) => sum + outcome.refusals, 0);
  const figure = `${name}: ${requests.length} requests in ${seconds.toFixed(1)} s, ${refusals} answered 503 and were retried, health checked ${checks.length} times`;
  figures.push(figure);
  console.log(figure);
  expect(outcomes.filter((outcome) => !expected.includes(outcome.status))).toEqual([]);
  expect(checks.filter((status) => status !== 200)).toEqual([]);
  expect(checks.length).toBeGreaterThan(0);
  return outcomes;
}

it('takes 200 concurrent starts, completions and client creations', async () => {
  const clients: string[] = [];
  for (let index = 0; index < 20; index += 1) {
    const client = await send('POST', '/api/clients', { kind: 'company', name: `Load ${index}` });
    clients.push(client.body.id);
  }

  const started = await burst(
    'starts',
    Array.from(
      { length: BURST },
      (_, index) => () =>
        send('POST', '/api/process-instances', {
          definitionKey: 'application-handling',
          clientId: clients[index % clients.length],
        }),
    ),
    // 202: committed as `starting` when Temporal did not answer in time; the relay starts it.
    [201, 202],
  );
  const instanceIds = started.map((outcome) => outcome.body.id as string);
  // A 503 means nothing changed: the retries started no second instance.
  const [{ instances }] = await flowcard.dataSource.query(
    `SELECT count(*)::int AS instances FROM process_instances WHERE client_id = ANY($1)`,
    [clients],
  );
  expect(instances).toBe(BURST);

  // The first user task of every instance, once its first batch committed.
  const deadline = Date.now() + 60_000;
  let tasks: { id: string }[] = [];
  while (Date.now() < deadline) {
    tasks = await flowcard.dataSource.query(
      `SELECT id FROM user_tasks WHERE instance_id = ANY($1) AND status = 'open'`,
      [instanceIds],
    );
    if (tasks.length === BURST) break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  expect(tasks).toHaveLength(BURST);

  await burst(
    'task completions',
    tasks.map(
      (task) => () =>
        send('POST', `/api/tasks/${task.id}/complete`, { variables: { qualified: true } }),
    ),
    [200],
  );
  const [{ completed }] = await flowcard.dataSource.query(
    `SELECT count(*)::int AS completed FROM user_tasks WHERE id = ANY($1) AND status = 'completed'`,
    [tasks.map((task) => task.id)],
  );
  expect(completed).toBe(BURST);

  await burst(
    'client creations',
    Array.from(
      { length: BURST },
      (_, index) => () => send('POST', '/api/clients', { kind: 'person', name: `Burst ${index}` }),
    ),
    [201],
  );
  const [{ created }] = await flowcard.dataSource.query(
    `SELECT count(*)::int AS created FROM clients WHERE name LIKE 'Burst %'`,
  );
  expect(created).toBe(BURST);

  const health = await fetch(`${flowcard.baseUrl}/health`);
  expect(health.status).toBe(200);
  console.log(`load test figures\n${figures.join('\n')}`);
});
