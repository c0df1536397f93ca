/**
 * The outbox on a real Postgres: written at the commit, in call order, with ids in commit order,
 * and never deadlocking.
 */
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { clientEvents } from '#test/outbox';
import { loadConfig } from '../common/config';
import { Client } from '../crm/clients/client.entity';
import { dataSourceOptions } from '../database/data-source';
import { events } from '../events/catalogue';
import { appendEvents, OUTBOX_LOCK } from './outbox';

let dataSource: DataSource;

beforeAll(async () => {
  dataSource = await new DataSource(dataSourceOptions(loadConfig().databaseUrl)).initialize();
});

afterAll(() => dataSource?.destroy());

async function newClient(): Promise<string> {
  const client = await dataSource.manager.save(
    dataSource.manager.create(Client, {
      kind: 'person',
      name: `Outbox ${randomUUID().slice(0, 8)}`,
      status: 'lead',
    }),
  );
  return client.id;
}

const updated = (clientId: string, field: string) => ({
  ...events.clientUpdated({ clientId, fields: [field] }),
  clientId,
  actor: { integration: 'test' },
});

/** Resolves once the backend waits for a lock another transaction holds. */
async function waitUntilBlocked(pid: number): Promise<void> {
  for (;;) {
    const rows = await dataSource.query(
      `SELECT 1 FROM pg_stat_activity WHERE pid = $1 AND wait_event_type = 'Lock'`,
      [pid],
    );
    if (rows.length) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const fieldsOf = async (clientId: string) =>
  (await clientEvents(dataSource, clientId)).map(
    (event) => event.type === 'client.updated' && event.payload.fields,
  );

it('writes what a transaction appended when it commits, in call order', async () => {
  const clientId = await newClient();
  await dataSource.transaction(async (manager) => {
    await appendEvents(manager, [updated(clientId, 'name')]);
    await appendEvents(manager, [updated(clientId, 'tags'), updated(clientId, 'phones')]);
    expect(await fieldsOf(clientId)).toEqual([]);
  });
  expect(await fieldsOf(clientId)).toEqual([['name'], ['tags'], ['phones']]);
});

it('writes nothing for a transaction that rolls back', async () => {
  const clientId = await newClient();
  await expect(
    dataSource.transaction(async (manager) => {
      await appendEvents(manager, [updated(clientId, 'name')]);
      throw new Error('changed my mind');
    }),
  ).rejects.toThrow('changed my mind');
  expect(await fieldsOf(clientId)).toEqual([]);
});

it('never deadlocks a writer that appended before locking a row another writer holds', async () => {
  const clientId = await newClient();
  const lockClient = (manager: EntityManager) =>
    manager.findOne(Client, { where: { id: clientId }, lock: { mode: 'pessimistic_write' } });
  let holderLocked!: () => void;
  const locked = new Promise<void>((resolve) => (holderLocked = resolve));
  let releaseHolder!: () => void;
  const released = new Promise<void>((resolve) => (releaseHolder = resolve));

  const holder = dataSource.transaction(async (manager) => {
    await lockClient(manager);
    holderLocked();
    await released;
    await appendEvents(manager, [updated(clientId, 'by the holder')]);
  });
  await locked;
  const waiter = dataSource.transaction(async (manager) => {
    await appendEvents(manager, [updated(clientId, 'by the waiter')]);
    const [{ pid }] = await manager.query('SELECT pg_backend_pid() AS pid');
    const waiting = lockClient(manager);
    await waitUntilBlocked(pid);
    releaseHolder();
    await waiting;
  });
  await Promise.all([holder, waiter]);
  expect(await fieldsOf(clientId)).toEqual([['by the holder'], ['by the waiter']]);
});

it('draws the ids of a writer waiting for the outbox lock only once it holds it', async () => {
  const clientId = await newClient();
  const idOf = async (field: string) => {
    const [{ id }] = await dataSource.query(
      `SELECT id::text AS id FROM instance_events
        WHERE client_id = $1 AND payload -> 'fields' ->> 0 = $2`,
      [clientId, field],
    );
    return BigInt(id);
  };
  let holderLocked!: () => void;
  const locked = new Promise<void>((resolve) => (holderLocked = resolve));
  let waiterBlocked!: () => void;
  const blocked = new Promise<void>((resolve) => (waiterBlocked = resolve));
  let waiterPid!: (pid: number) => void;
  const pid = new Promise<number>((resolve) => (waiterPid = resolve));

  // The holder takes the outbox lock first and draws its id only after the waiter, which
  // commits after it, started writing: the waiter's id must still come after the holder's.
  const holder = dataSource.transaction(async (manager) => {
    await manager.query('SELECT pg_advisory_xact_lock($1)', [OUTBOX_LOCK]);
    holderLocked();
    await blocked;
    await appendEvents(manager, [updated(clientId, 'holder')]);
  });
  await locked;
  const waiter = dataSource.transaction(async (manager) => {
    await appendEvents(manager, [updated(clientId, 'waiter')]);
    const [row] = await manager.query('SELECT pg_backend_pid() AS pid');
    waiterPid(row.pid);
  });
  await waitUntilBlocked(await pid);
  waiterBlocked();
  await Promise.all([holder, waiter]);
  expect(await idOf('waiter')).toBeGreaterThan(await idOf('holder'));
});
