/** The signed inbound hooks (web-form leads, telephony) on the real API and database. */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { eventually, useFlowcard } from '#test/harness/index';
import { clientEvents } from '#test/outbox';
import { Activity } from '../crm/activities/activity.entity';
import { Client } from '../crm/clients/client.entity';
import { hookSignature } from './hook-signature';
import { Integration } from './integration.entity';

const SECRETS = { lead: 'lead-test-secret', telephony: 'telephony-test-secret' } as const;
type Key = keyof typeof SECRETS;

// With a worker: a lead can start a process (the trigger test below).
const { flowcard, ids, tokens, as, newUser } = useFlowcard();

beforeAll(() => setSecrets());

async function setSecrets() {
  await flowcard.dataSource.getRepository(Integration).upsert(
    Object.entries(SECRETS).map(([key, secret]) => ({ key, secret, enabled: true })),
    ['key'],
  );
}

interface Signing {
  secret?: string;
  timestamp?: number;
  deliveryId?: string;
  /** The delivery id that was signed, when it should differ from the one sent. */
  signedDeliveryId?: string;
  signature?: string | null;
  /** Bytes actually sent, when they should differ from what was signed. */
  sentBody?: string;
}

async function hook(key: Key, body: unknown, signing: Signing = {}) {
  const raw = JSON.stringify(body);
  const timestamp = String(signing.timestamp ?? Math.floor(Date.now() / 1000));
  const deliveryId = signing.deliveryId ?? randomUUID();
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'x-flowcard-delivery': deliveryId,
    'x-flowcard-timestamp': timestamp,
  };
  const signature =
    signing.signature === undefined
      ? hookSignature(
          signing.secret ?? SECRETS[key],
          timestamp,
          signing.signedDeliveryId ?? deliveryId,
          raw,
        )
      : signing.signature;
  if (signature !== null) headers['x-flowcard-signature'] = signature;
  const response = await fetch(`${flowcard.baseUrl}/api/hooks/${key}`, {
    method: 'POST',
    headers,
    body: signing.sentBody ?? raw,
  });
  return { status: response.status, body: await response.json() };
}

const clients = () => flowcard.dataSource.getRepository(Client);
const activities = () => flowcard.dataSource.getRepository(Activity);

describe('signatures', () => {
  const lead = { name: 'Signed Sally', email: 'sally.signed@example.com' };

  it.each<[string, Signing, string]>([
    ['without a signature', { signature: null }, 'HOOK_UNSIGNED'],
    ['signed with another secret', { secret: 'guessed' }, 'HOOK_SIGNATURE_INVALID'],
    ['with a malformed signature', { signature: 'sha1=abc' }, 'HOOK_SIGNATURE_INVALID'],
    [
      'whose body changed after signing',
      { sentBody: JSON.stringify({ ...lead, name: 'Eve' }) },
      'HOOK_SIGNATURE_INVALID',
    ],
    [
      'sent more than five minutes ago',
      { timestamp: Math.floor(Date.now() / 1000) - 301 },
      'HOOK_TIMESTAMP_STALE',
    ],
    [
      'dated more than five minutes ahead',
      { timestamp: Math.floor(Date.now() / 1000) + 400 },
      'HOOK_TIMESTAMP_STALE',
    ],
  ])('refuses a request %s with 401 and changes nothing', async (_, signing, code) => {
    const response = await hook('lead', lead, signing);
    expect(response.status).toBe(401);
    expect(response.body.code).toBe(code);
    expect(await clients().countBy({ name: 'Signed Sally' })).toBe(0);
  });

  it('checks the signature before the body, so an invalid unsigned body is 401', async () => {
    const response = await hook('lead', { nonsense: true }, { signature: null });
    expect(response.status).toBe(401);
    const signed = await hook('lead', { nonsense: true });
    expect(signed.status).toBe(400);
  });

  it('accepts a well signed request once; a replayed delivery id is 409', async () => {
    const deliveryId = randomUUID();
    const accepted = await hook('lead', lead, { deliveryId });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toEqual({ clientId: expect.any(String), created: true });

    const replay = await hook('lead', lead, { deliveryId });
    expect(replay.status).toBe(409);
    expect(replay.body.code).toBe('HOOK_REPLAYED');
    expect(await activities().countBy({ clientId: accepted.body.clientId })).toBe(1);

    // A captured request sent again under a new delivery id: the signature covers the id.
    const renamed = await hook('lead', lead, {
      deliveryId: randomUUID(),
      signedDeliveryId: deliveryId,
    });
    expect(renamed.status).toBe(401);
    expect(renamed.body.code).toBe('HOOK_SIGNATURE_INVALID');
    expect(await clients().countBy({ id: accepted.body.clientId })).toBe(1);
    expect(await activities().countBy({ clientId: accepted.body.clientId })).toBe(1);

    // The same delivery id of another integration is another delivery.
    const otherIntegration = await hook(
      'telephony',
      call('ringing', 'replay-check', '+1 555 0100'),
      { deliveryId },
    );
    expect(otherIntegration.status).toBe(200);
  });

  it('forgets delivery ids once a replay of them would be stale anyway', async () => {
    const old = randomUUID();
    await flowcard.dataSource.query(
      `INSERT INTO hook_deliveries (integration_key, delivery_id, received_at)
       VALUES ('lead', $1, now() - interval '1 hour')`,
      [old],
    );
    expect((await hook('lead', lead)).status).toBe(200);
    const left = await flowcard.dataSource.query(
      `SELECT 1 FROM hook_deliveries WHERE integration_key = 'lead' AND delivery_id = $1`,
      [old],
    );
    expect(left).toHaveLength(0);
  });

  it('lets an admin rotate a secret: the old one stops working at once', async () => {
    expect((await as('manager', 'POST', '/api/integrations/lead/rotate')).status).toBe(403);
    const rotated = await as('admin', 'POST', '/api/integrations/lead/rotate');
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).toMatch(/^[0-9a-f]{64}$/);
    try {
      const body = { name: 'Rotated Rita' };
      expect((await hook('lead', body)).status).toBe(401);
      expect((await hook('lead', body, { secret: rotated.body.secret })).status).toBe(200);
      const [entry] = await flowcard.dataSource.query(
        `SELECT after FROM audit_log WHERE entity_type = 'integration' AND entity_id = 'lead'
          ORDER BY id DESC LIMIT 1`,
      );
      expect(entry.after).toEqual({ secretRotated: true });
    } finally {
      await setSecrets();
    }
  });

  it('refuses requests of a disabled integration with 403', async () => {
    const disabled = await as('admin', 'PATCH', '/api/integrations/lead', {
      enabled: false,
    });
    expect(disabled.body).toMatchObject({ key: 'lead', enabled: false });
    try {
      const response = await hook('lead', { name: 'Disabled Dora' });
      expect(response.status).toBe(403);
      expect(response.body.code).toBe('HOOK_DISABLED');
    } finally {
      await as('admin', 'PATCH', '/api/integrations/lead', { enabled: true });
    }
  });
});

describe('lead hook', () => {
  it('creates a lead with a note, audited as the integration', async () => {
    const response = await hook('lead', {
      name: 'Lena Lead',
      email: 'Lena.Lead@Example.com',
      phone: '+49 30 555 0101',
      company: 'No Such Company Ltd',
      message: 'Please call me about the annual plan.',
    });
    expect(response.status).toBe(200);
    expect(response.body.created).toBe(true);
    const client = await clients().findOneByOrFail({ id: response.body.clientId });
    expect(client).toMatchObject({
      kind: 'person',
      name: 'Lena Lead',
      status: 'lead',
      source: 'web form',
      ownerId: null,
      emails: ['lena.lead@example.com'],
      phones: ['+49 30 555 0101'],
      custom: { company: 'No Such Company Ltd' },
    });
    const [note] = await activities().findBy({ clientId: client.id });
    expect(note).toMatchObject({ kind: 'note', status: 'done', subject: 'Request via web form' });
    expect(note.body).toContain('Please call me about the annual plan.');

    const audit = await flowcard.dataSource.query(
      `SELECT entity_type, actor_user_id, actor_integration AS integration FROM audit_log
        WHERE entity_id IN ($1, $2) ORDER BY id`,
      [client.id, note.id],
    );
    expect(audit).toEqual([
      { entity_type: 'client', actor_user_id: null, integration: 'lead' },
      { entity_type: 'activity', actor_user_id: null, integration: 'lead' },
    ]);
    const byLead = { actorUserId: null, actorIntegration: 'lead', instanceId: null };
    expect(await clientEvents(flowcard.dataSource, client.id)).toEqual([
      expect.objectContaining({ type: 'client.created', ...byLead }),
      expect.objectContaining({
        type: 'activity.created',
        payload: expect.objectContaining({ activityId: note.id, kind: 'note', status: 'done' }),
        ...byLead,
      }),
      expect.objectContaining({ type: 'activity.completed', ...byLead }),
    ]);
  });

  it('finds the client by email, whatever its case, and adds the new phone', async () => {
    const first = await hook('lead', { name: 'Emil Email', email: 'emil@example.com' });
    const second = await hook('lead', {
      name: 'E. Email',
      email: 'EMIL@example.COM',
      phone: '030 555 0102',
      message: 'Second request',
    });
    expect(second.body).toEqual({ clientId: first.body.clientId, created: false });
    const client = await clients().findOneByOrFail({ id: first.body.clientId });
    expect(client.name).toBe('Emil Email');
    expect(client.phones).toEqual(['030 555 0102']);
    expect(await activities().countBy({ clientId: client.id, kind: 'note' })).toBe(2);
  });

  it('finds the client by phone digits, whatever the formatting', async () => {
    const first = await hook('lead', { name: 'Phil Phone', phone: '+44 (20) 7946-0958' });
    const second = await hook('lead', { name: 'Phil', phone: '+44 20 7946 0958', source: 'fair' });
    expect(second.body).toEqual({ clientId: first.body.clientId, created: false });
    const notes = await activities().findBy({ clientId: first.body.clientId });
    expect(notes.map((note) => note.subject).sort()).toEqual([
      'Request via fair',
      'Request via web form',
    ]);
  });

  it('makes one lead of a form sent several times at once', async () => {
    const email = `eager-${randomUUID()}@example.com`;
    const responses = await Promise.all(
      [1, 2, 3, 4].map(() => hook('lead', { name: 'Eager Eva', email })),
    );
    expect(responses.map((response) => response.status)).toEqual([200, 200, 200, 200]);
    expect(new Set(responses.map((response) => response.body.clientId)).size).toBe(1);
    expect(responses.filter((response) => response.body.created)).toHaveLength(1);
  });

  it('does not find a deleted client, and makes a new lead instead', async () => {
    const email = `returning-${randomUUID()}@example.com`;
    const first = await hook('lead', { name: 'Returning Rosa', email });
    await clients().softDelete({ id: first.body.clientId });
    const second = await hook('lead', { name: 'Returning Rosa', email });
    expect(second.body.created).toBe(true);
    expect(second.body.clientId).not.toBe(first.body.clientId);
  });

  it('links a new lead to an existing company of that name', async () => {
    const company = await clients().save(
      clients().create({ kind: 'company', name: 'Linked Company GmbH', status: 'active' }),
    );
    const response = await hook('lead', { name: 'Connie Contact', company: 'linked company gmbh' });
    const client = await clients().findOneByOrFail({ id: response.body.clientId });
    expect(client.companyId).toBe(company.id);
    expect(client.custom).toEqual({});
  });

  it('gives new leads to the default owner an admin set', async () => {
    await as('admin', 'PATCH', '/api/integrations/lead', { defaultOwnerId: ids.manager });
    try {
      const response = await hook('lead', { name: 'Owned Olga', email: 'olga@example.com' });
      const client = await clients().findOneByOrFail({ id: response.body.clientId });
      expect(client.ownerId).toBe(ids.manager);
    } finally {
      await as('admin', 'PATCH', '/api/integrations/lead', { defaultOwnerId: null });
    }
  });

  it('refuses a default owner who is not an active user', async () => {
    const leaving = await newUser('manager');
    await as('admin', 'PATCH', `/api/users/${leaving.id}`, { active: false });
    for (const defaultOwnerId of [leaving.id, randomUUID()]) {
      const response = await as('admin', 'PATCH', '/api/integrations/lead', { defaultOwnerId });
      expect({ status: response.status, code: response.body.code }).toEqual({
        status: 400,
        code: 'UNKNOWN_USER',
      });
    }
  });
});

describe('a lead that starts a process', () => {
  it('starts the process triggered by client.created; its owner sees the first task', async () => {
    const xml = readFileSync(
      join(__dirname, '../../../workflows/bpmn/fixtures/triggered-application-handling.bpmn'),
      'utf8',
    );
    const deployed = await flowcard.api(
      tokens.analyst,
      'POST',
      '/api/process-definitions',
      xml,
      'application/xml',
    );
    expect([200, 201]).toContain(deployed.status);
    await as('admin', 'PATCH', '/api/integrations/lead', { defaultOwnerId: ids.manager });
    let clientId: string;
    try {
      const response = await hook('lead', {
        name: 'Triggered lead Tina',
        email: 'tina@example.com',
      });
      expect(response.status).toBe(200);
      clientId = response.body.clientId;
    } finally {
      await as('admin', 'PATCH', '/api/integrations/lead', { defaultOwnerId: null });
    }
    const task = await eventually(async () => {
      const tasks = await as('manager', 'GET', `/api/tasks?assignee=me&clientId=${clientId}`);
      return tasks.body.items[0];
    });
    expect(task).toMatchObject({
      name: 'Qualify',
      elementId: 'Task_Qualify',
      assigneeId: ids.manager,
      clientId,
    });
    const others = await as('sara', 'GET', `/api/tasks?clientId=${clientId}`);
    expect(others.body.items).toEqual([]);
  });
});

function call(
  event: 'ringing' | 'answered' | 'ended',
  callId: string,
  from: string,
  extra: Record<string, unknown> = {},
) {
  return {
    callId,
    event,
    direction: 'inbound',
    from,
    to: '+49 30 9000',
    at: new Date().toISOString(),
    ...extra,
  };
}

describe('telephony hook', () => {
  it('keeps one call per call id from ringing to ended, on the client with that number', async () => {
    const caller = await clients().save(
      clients().create({
        kind: 'person',
        name: 'Carla Caller',
        status: 'active',
        phones: ['+49 (30) 555-0199'],
        ownerId: ids.manager,
      }),
    );
    const callId = `call-${randomUUID()}`;
    const from = '+4930 5550199';
    const ringing = await hook('telephony', call('ringing', callId, from));
    expect(ringing.status).toBe(200);
    expect(ringing.body).toMatchObject({ clientId: caller.id, clientCreated: false });
    const planned = await activities().findOneByOrFail({ externalId: `telephony:${callId}` });
    expect(planned).toMatchObject({
      kind: 'call',
      status: 'open',
      direction: 'inbound',
      assigneeId: ids.manager,
    });

    const answered = await hook(
      'telephony',
      call('answered', callId, from, { agentEmail: 'noah@demo.local' }),
    );
    expect(answered.body.activityId).toBe(ringing.body.activityId);
    const ended = await hook(
      'telephony',
      call('ended', callId, from, {
        durationSeconds: 184,
        recordingUrl: 'https://recordings.example.com/r/1.mp3',
      }),
    );
    expect(ended.status).toBe(200);

    const calls = await activities().findBy({ clientId: caller.id });
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({
      id: ringing.body.activityId,
      status: 'done',
      result: 'answered',
      durationSeconds: 184,
      recordingUrl: 'https://recordings.example.com/r/1.mp3',
      assigneeId: ids.noah,
    });
    expect(calls[0].completedAt).not.toBeNull();

    // A late `ringing` of a finished call reopens nothing.
    await hook('telephony', call('ringing', callId, from));
    expect((await activities().findOneByOrFail({ id: calls[0].id })).status).toBe('done');

    const audit = await flowcard.dataSource.query(
      `SELECT action, actor_user_id, actor_integration AS integration FROM audit_log
        WHERE entity_type = 'activity' AND entity_id = $1 ORDER BY id`,
      [calls[0].id],
    );
    expect(audit).toEqual([
      { action: 'create', actor_user_id: null, integration: 'telephony' },
      { action: 'update', actor_user_id: null, integration: 'telephony' },
      { action: 'update', actor_user_id: null, integration: 'telephony' },
    ]);
    // Created, answered and completed through the activity operations, with their events.
    const byTelephony = { actorUserId: null, actorIntegration: 'telephony', instanceId: null };
    expect(await clientEvents(flowcard.dataSource, caller.id)).toEqual([
      expect.objectContaining({
        type: 'activity.created',
        payload: expect.objectContaining({ activityId: calls[0].id, kind: 'call', status: 'open' }),
        ...byTelephony,
      }),
      expect.objectContaining({
        type: 'activity.updated',
        payload: expect.objectContaining({ fields: ['result', 'assigneeId'] }),
        ...byTelephony,
      }),
      expect.objectContaining({
        type: 'activity.completed',
        payload: { activityId: calls[0].id, clientId: caller.id, kind: 'call' },
        ...byTelephony,
      }),
    ]);
  });

  it('makes an unknown number a lead named after it, owned by the agent', async () => {
    const number = '+1 212 555 0142';
    const callId = `call-${randomUUID()}`;
    const outbound = {
      ...call('ended', callId, '+49 30 9000', { agentEmail: 'sara@demo.local' }),
      direction: 'outbound',
      to: number,
    };
    const response = await hook('telephony', outbound);
    expect(response.status).toBe(200);
    expect(response.body.clientCreated).toBe(true);
    const client = await clients().findOneByOrFail({ id: response.body.clientId });
    expect(client).toMatchObject({
      name: number,
      kind: 'person',
      status: 'lead',
      phones: [number],
      ownerId: ids.sara,
    });
    const [missed] = await activities().findBy({ clientId: client.id });
    expect(missed).toMatchObject({ status: 'done', result: 'missed', direction: 'outbound' });

    const again = await hook('telephony', { ...outbound, callId: `call-${randomUUID()}` });
    expect(again.body).toMatchObject({ clientId: client.id, clientCreated: false });
  });

  it('is idempotent per delivery', async () => {
    const deliveryId = randomUUID();
    const callId = `call-${randomUUID()}`;
    const first = await hook('telephony', call('ringing', callId, '+49 40 555 0177'), {
      deliveryId,
    });
    expect(first.status).toBe(200);
    const replay = await hook('telephony', call('ended', callId, '+49 40 555 0177'), {
      deliveryId,
    });
    expect(replay.status).toBe(409);
    const activity = await activities().findOneByOrFail({ externalId: `telephony:${callId}` });
    expect(activity.status).toBe('open');
  });
});
