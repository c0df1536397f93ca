/** Deep or oversized JSON bodies are refused in the shared error format, before authentication. */
import { Flowcard, startFlowcard } from '#scripts/lib/in-process';
import { Client } from '../crm/clients/client.entity';

let flowcard: Flowcard;
let token: string;

beforeAll(async () => {
  flowcard = await startFlowcard({ workflowBundlePath: process.env.FLOWCARD_WORKFLOW_BUNDLE });
  token = await flowcard.login('manager@demo.local');
});

afterAll(() => flowcard?.stop());

/** Sends raw text as JSON: a body this deep cannot even be made with JSON.stringify. */
async function post(path: string, body: string, bearer: string | null) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (bearer) headers.authorization = `Bearer ${bearer}`;
  const response = await fetch(`${flowcard.baseUrl}${path}`, { method: 'POST', headers, body });
  return { status: response.status, body: await response.json() };
}

const nestedClient = (levels: number) =>
  `{"kind":"person","name":"Deep","custom":${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}}`;

it('answers 400 JSON_TOO_DEEP to a body nested 20,000 levels, and creates nothing', async () => {
  const before = await flowcard.dataSource.manager.count(Client);
  for (const bearer of [token, null]) {
    const response = await post('/api/clients', nestedClient(20_000), bearer);
    expect(response).toEqual({
      status: 400,
      body: {
        statusCode: 400,
        code: 'JSON_TOO_DEEP',
        message: 'The JSON body nests objects and arrays deeper than 64 levels',
        details: [],
      },
    });
  }
  const arrays = await post('/api/auth/login', `${'['.repeat(20_000)}${']'.repeat(20_000)}`, null);
  expect(arrays.body.code).toBe('JSON_TOO_DEEP');
  expect(await flowcard.dataSource.manager.count(Client)).toBe(before);
});

it('still takes a body nested within the limit', async () => {
  const response = await post('/api/clients', nestedClient(10), token);
  expect(response.status).toBe(201);
});

it('answers 413 to an oversized body even without a token', async () => {
  const before = await flowcard.dataSource.manager.count(Client);
  const huge = JSON.stringify({ kind: 'person', name: 'x'.repeat(2 * 1024 * 1024) });
  for (const bearer of [token, null]) {
    expect(await post('/api/clients', huge, bearer)).toEqual({
      status: 413,
      body: {
        statusCode: 413,
        code: 'PAYLOAD_TOO_LARGE',
        message: 'request entity too large',
        details: [],
      },
    });
  }
  expect(await flowcard.dataSource.manager.count(Client)).toBe(before);
});
