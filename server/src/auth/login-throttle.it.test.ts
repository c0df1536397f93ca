/** Login is throttled per account and per address; an unknown email costs a wrong password's time. */
import { Flowcard, startFlowcard } from '#scripts/lib/in-process';
import { DEMO_PASSWORD } from '../seed/demo-seed';

let flowcard: Flowcard;

beforeAll(async () => {
  process.env.FLOWCARD_LOGIN_FAILURES_PER_ADDRESS = '25';
  flowcard = await startFlowcard({ workflowBundlePath: process.env.FLOWCARD_WORKFLOW_BUNDLE });
});

afterAll(() => flowcard?.stop());

async function login(email: string, password: string) {
  const response = await fetch(`${flowcard.baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  return {
    status: response.status,
    retryAfter: response.headers.get('retry-after'),
    body: await response.json(),
  };
}

it('answers 429 with Retry-After after 10 wrong passwords, even to the right one', async () => {
  for (let attempt = 0; attempt < 10; attempt += 1) {
    expect((await login('noah@demo.local', 'wrong')).status).toBe(401);
  }
  const refused = await login('noah@demo.local', DEMO_PASSWORD);
  expect(refused.status).toBe(429);
  expect(refused.body).toMatchObject({ statusCode: 429, code: 'TOO_MANY_ATTEMPTS' });
  expect(Number(refused.retryAfter)).toBeGreaterThan(800);
  expect(Number(refused.retryAfter)).toBeLessThanOrEqual(900);
  // Nothing was issued, and other accounts sign in as before.
  expect(refused.body.accessToken).toBeUndefined();
  expect((await login('sara@demo.local', DEMO_PASSWORD)).status).toBe(200);
});

it('costs an unknown email the same bcrypt work as a wrong password', async () => {
  const median = async (email: string) => {
    const times: number[] = [];
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const started = performance.now();
      expect((await login(email, 'wrong')).status).toBe(401);
      times.push(performance.now() - started);
    }
    return times.sort((a, b) => a - b)[2];
  };
  const wrongPassword = await median('supervisor@demo.local');
  const unknownEmail = await median('nobody@demo.local');
  // Without the dummy hash an unknown email answers in a millisecond or two.
  expect(unknownEmail).toBeGreaterThan(wrongPassword * 0.5);
});

it('throttles an address that tries many accounts', async () => {
  let status = 0;
  for (let attempt = 0; attempt < 25 && status !== 429; attempt += 1) {
    status = (await login(`guess${attempt}@demo.local`, 'wrong')).status;
  }
  const refused = await login('admin@demo.local', DEMO_PASSWORD);
  expect(refused.status).toBe(429);
  expect(refused.retryAfter).not.toBeNull();
});
