/**
 * A buffered message is consumed by the first wait that opens for its name and key, once: a
 * retried batch gets the same message back, another wait gets none, an expired message nobody.
 */
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { loadConfig } from '#server/common/config';
import { Client } from '#server/crm/clients/client.entity';
import { dataSourceOptions } from '#server/database/data-source';
import { seedDemoData } from '#server/seed/demo-seed';
import type { Effect } from '#workflows/engine/types';
import { insertRunningInstance } from '#test/harness/records';
import { createEffectActivities } from '../runtime/effect-activities';
import { recordMessage } from './message-correlation';

let dataSource: DataSource;

beforeAll(async () => {
  dataSource = await new DataSource(dataSourceOptions(loadConfig().databaseUrl)).initialize();
  await seedDemoData(dataSource);
});

afterAll(() => dataSource?.destroy());

async function waitingInstance(): Promise<string> {
  const client = await dataSource.manager.save(
    dataSource.manager.create(Client, { kind: 'person', name: 'Buffered Person', status: 'lead' }),
  );
  return insertRunningInstance(dataSource.manager, client.id);
}

const openWait = (instanceId: string, messageName: string, correlationKey: string): Effect => ({
  type: 'openMessageWait',
  key: `${instanceId}:1`,
  waitKey: `${instanceId}:0`,
  elementId: 'Catch',
  messageName,
  correlationKey,
});

const publish = (messageName: string, correlationKey: string, timeToLiveMs: number) =>
  dataSource.transaction((manager) =>
    recordMessage(
      manager,
      {
        messageName,
        correlationKey,
        messageId: null,
        variables: { answer: 'yes' },
        publishedById: null,
        timeToLiveMs,
      },
      'buffered',
    ),
  );

it('hands a buffered message to the first wait, again to its retried batch, to no other', async () => {
  const { writeEffects } = createEffectActivities(dataSource);
  const name = `called-${randomUUID()}`;
  await publish(name, 'key-1', 60_000);
  const first = await waitingInstance();
  const batch = [openWait(first, name, 'key-1')];
  const written = await writeEffects(first, batch);
  expect(written.messages).toEqual([{ waitKey: `${first}:0`, variables: { answer: 'yes' } }]);
  const retried = await writeEffects(first, batch);
  expect(retried.messages).toEqual(written.messages);

  const second = await waitingInstance();
  expect((await writeEffects(second, [openWait(second, name, 'key-1')])).messages).toBeUndefined();
  const rows = await dataSource.query(
    `SELECT status, wait_key AS "waitKey" FROM buffered_messages WHERE message_name = $1`,
    [name],
  );
  expect(rows).toEqual([{ status: 'consumed', waitKey: `${first}:0` }]);
});

it('hands an expired message to nobody', async () => {
  const { writeEffects } = createEffectActivities(dataSource);
  const name = `expired-${randomUUID()}`;
  await publish(name, 'key-1', 1);
  await dataSource.query(
    `UPDATE buffered_messages SET expires_at = now() - interval '1 second' WHERE message_name = $1`,
    [name],
  );
  const instanceId = await waitingInstance();
  const written = await writeEffects(instanceId, [openWait(instanceId, name, 'key-1')]);
  expect(written.messages).toBeUndefined();
});
