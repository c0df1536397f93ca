/** The inbound hooks are throttled per integration and per address, before any other check. */
import { randomUUID } from 'node:crypto';
import { Flowcard, startFlowcard } from '#scripts/lib/in-process';
import { Client } from '../crm/clients/client.entity';
import { hookSignature } from './hook-signature';
import { Integration } from './integration.entity';

const SECRET = 'throttle-test-secret';
const LIMITS = {
  FLOWCARD_HOOK_REQUESTS_PER_INTEGRATION: '4',
  FLOWCARD_HOOK_REQUESTS_PER_ADDRESS: '6',
  FLOWCARD_HOOK_WINDOW_SECONDS: '600',
};

let flowcard: Flowcard;

beforeAll(async () => {
  Object.assign(process.env, LIMITS);
  flowcard = await startFlowcard({ worker: false });
  await flowcard.dataSource.getRepository(Integration).upsert(
    ['lead', 'telephony'].map((key) => ({ key, secret: SECRET, enabled: true })),
    ['key'],
  );
});

afterAll(async () => {
  for (const name of Object.keys(LIMITS)) delete process.env[name];
  await flowcard?.stop();
});

async function hook(key: 'lead' | 'telephony', body: unknown, signed = true) {
  const raw = JSON.stringify(body);
  const timestamp = String(Math.floor(Date.now() / 1000));
  const deliveryId = randomUUID();
  const response = await fetch(`${flowcard.baseUrl}/api/hooks/${key}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-flowcard-delivery': deliveryId,
      'x-flowcard-timestamp': timestamp,
      'x-flowcard-signature': signed
        ? hookSignature(SECRET, timestamp, deliveryId, raw)
        : `sha256=${'0'.repeat(64)}`,
    },
    body: raw,
  });
  return {
    status: response.status,
    retryAfter: response.headers.get('retry-after'),
    body: await response.json(),
  };
}

const leadsNamed = (name: string) => flowcard.dataSource.getRepository(Client).countBy({ name });
const call = (callId: string) => ({
  event: 'ringing',
  callId,
  direction: 'inbound',
  from: '+1 555 0199',
  to: '+1 555 0100',
  at: new Date().toISOString(),
});

it('answers 429 with Retry-After past the limits of an integration and of an address', async () => {
  const name = `Throttled ${randomUUID()}`;
  // Forged requests count as much as genuine ones: 3 of the lead hook's 4 go to a forger.
  for (let attempt = 0; attempt < 3; attempt += 1) {
    expect((await hook('lead', { name }, false)).status).toBe(401);
  }
  expect((await hook('lead', { name })).status).toBe(200);
  expect(await leadsNamed(name)).toBe(1);

  const overIntegration = await hook('lead', { name: `${name} again` });
  expect(overIntegration.status).toBe(429);
  expect(overIntegration.body).toMatchObject({ statusCode: 429, code: 'TOO_MANY_ATTEMPTS' });
  expect(Number(overIntegration.retryAfter)).toBeGreaterThan(500);
  expect(Number(overIntegration.retryAfter)).toBeLessThanOrEqual(600);
  expect(await leadsNamed(`${name} again`)).toBe(0);

  // The telephony hook has its own count, but this address has used 4 of its 6 requests.
  const callIds = [randomUUID(), randomUUID(), randomUUID()];
  expect((await hook('telephony', call(callIds[0]))).status).toBe(200);
  expect((await hook('telephony', call(callIds[1]))).status).toBe(200);
  const overAddress = await hook('telephony', call(callIds[2]));
  expect(overAddress.status).toBe(429);
  expect(overAddress.body.code).toBe('TOO_MANY_ATTEMPTS');
  expect(Number(overAddress.retryAfter)).toBeGreaterThan(500);
  const logged: { external_id: string }[] = await flowcard.dataSource.query(
    `SELECT external_id FROM activities WHERE external_id = ANY($1)`,
    [callIds.map((id) => `telephony:${id}`)],
  );
  expect(logged.map((row) => row.external_id).sort()).toEqual(
    callIds
      .slice(0, 2)
      .map((id) => `telephony:${id}`)
      .sort(),
  );
});
