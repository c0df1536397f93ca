/**
 * Requests at the edge of the contract, as the contract fuzzer (`npm run test:fuzz`) sent them: a
 * method a path does not have, and text the database cannot store. Each gets a clear 4xx in the
 * shared error format and changes nothing.
 */
import { useFlowcard } from '#test/harness/index';
import { Activity } from '../crm/activities/activity.entity';
import { Client } from '../crm/clients/client.entity';

const { flowcard, tokens, as, newClient } = useFlowcard({ worker: false });

async function send(method: string, path: string) {
  const response = await fetch(`${flowcard.baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${tokens.manager}` },
  });
  const text = await response.text();
  return {
    status: response.status,
    allow: response.headers.get('allow'),
    body: text ? JSON.parse(text) : null,
  };
}

describe('a method the path does not have', () => {
  it('answers 405 METHOD_NOT_ALLOWED with the methods of the path in Allow', async () => {
    expect(await send('PUT', '/api/me')).toEqual({
      status: 405,
      allow: 'GET, HEAD',
      body: {
        statusCode: 405,
        code: 'METHOD_NOT_ALLOWED',
        message: 'PUT is not allowed on /api/me; allowed: GET, HEAD',
        details: [],
      },
    });
    expect(await send('DELETE', '/api/clients')).toMatchObject({
      status: 405,
      allow: 'GET, HEAD, POST',
    });
  });

  it('gives a path named literally to its own routes, not to a parameter route beside it', async () => {
    // GET /api/process-definitions/:id would match "impact"; the path is the impact operation's.
    expect(await send('GET', '/api/process-definitions/impact')).toMatchObject({
      status: 405,
      allow: 'POST',
    });
    // PATCH /api/pipelines/:id/stages/:stageId would take "order" as a stage id.
    const pipelines = await as('admin', 'GET', '/api/pipelines');
    const pipelineId = pipelines.body.items[0].id as string;
    const stagesBefore = (await as('admin', 'GET', `/api/pipelines/${pipelineId}`)).body.stages;
    expect(await send('PATCH', `/api/pipelines/${pipelineId}/stages/order`)).toMatchObject({
      status: 405,
      allow: 'PUT',
    });
    expect((await as('admin', 'GET', `/api/pipelines/${pipelineId}`)).body.stages).toEqual(
      stagesBefore,
    );
  });

  it('answers OPTIONS with 204 and Allow, and an unknown path with 404 as before', async () => {
    expect(await send('OPTIONS', '/api/process-definitions/simulate')).toEqual({
      status: 204,
      allow: 'POST',
      body: null,
    });
    expect(await send('PUT', '/api/no-such-thing')).toMatchObject({
      status: 404,
      allow: null,
      body: { code: 'NOT_FOUND' },
    });
  });
});

describe('text with a NUL character', () => {
  it('answers 400 TEXT_NOT_STORABLE to an activity whose subject holds one, and creates nothing', async () => {
    const client = await newClient('manager');
    const before = await flowcard.dataSource.manager.count(Activity);
    const response = await as('manager', 'POST', '/api/activities', {
      kind: 'call',
      clientId: client.id,
      subject: 'before\u0000after',
    });
    expect(response).toEqual({
      status: 400,
      body: {
        statusCode: 400,
        code: 'TEXT_NOT_STORABLE',
        message:
          'A text in the request holds a NUL character (\\u0000), which the database cannot store',
        details: [],
      },
    });
    expect(await flowcard.dataSource.manager.count(Activity)).toBe(before);
  });

  it('answers 400 to a client name or a message correlation key holding one, changing nothing', async () => {
    const before = await flowcard.dataSource.manager.count(Client);
    const client = await as('manager', 'POST', '/api/clients', {
      kind: 'person',
      name: 'a\u0000b',
    });
    expect(client).toMatchObject({ status: 400, body: { code: 'TEXT_NOT_STORABLE' } });
    expect(await flowcard.dataSource.manager.count(Client)).toBe(before);
    const message = await as('manager', 'POST', '/api/messages', {
      name: 'client-called-back',
      correlationKey: 'key\u0000',
    });
    expect(message).toMatchObject({ status: 400, body: { code: 'TEXT_NOT_STORABLE' } });
  });
});

describe('a timestamp', () => {
  it('answers 400 to an offset JavaScript or Postgres cannot read, or a day that does not exist, never 500', async () => {
    for (const to of ['2026-03-09T03:32-15', '2026-04-31', '0099-01-01']) {
      const response = await as('manager', 'GET', `/api/calendar?from=2026-03-01&to=${to}`);
      expect(response).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
    }
    // Postgres refuses an offset of 16 hours or more; the audit passes the text on as it is.
    const audit = await as('supervisor', 'GET', '/api/audit?to=2026-02-28T20:08:29-23:08');
    expect(audit).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
    const valid = await as(
      'manager',
      'GET',
      '/api/calendar?from=2026-03-01&to=2026-03-09T03:32-01:00',
    );
    expect(valid.status).toBe(200);
  });
});
