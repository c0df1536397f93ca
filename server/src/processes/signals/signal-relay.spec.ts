/**
 * The signal relay's pass when one broadcast fails, on a fake database and fake deliveries: the
 * broadcasts claimed after it are still delivered, and the failed one is released for a retry
 * soon (not left to its lease of a minute) and reported by the pass failing.
 */
import { Logger } from '@nestjs/common';
import type { Client as TemporalClient } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import type { FlowcardConfig } from '#server/common/config';
import type { EventRelay } from '#server/live/event-relay.service';
import type { InstancesService } from '../instances/instances.service';
import { deliverSignal } from './signal-delivery';
import { SignalRelay } from './signal-relay';
import { startBySignal } from './signal-starts';

jest.mock('./signal-delivery', () => ({
  signalWaitsQuery: jest.fn(),
  signalTargets: jest.fn().mockResolvedValue([]),
  deliverSignal: jest.fn(),
}));
jest.mock('./signal-starts', () => ({ startBySignal: jest.fn().mockResolvedValue([]) }));

beforeEach(() => {
  jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
});

afterEach(() => {
  jest.restoreAllMocks();
});

it('delivers the broadcasts behind one that fails, and releases that one', async () => {
  const claimed = [
    { id: 'stuck', signalName: 'never-answered', createdAt: new Date(1_000) },
    { id: 'next', signalName: 'campaign-started', createdAt: new Date(2_000) },
  ];
  const update = jest.fn().mockResolvedValue(undefined);
  const dataSource = {
    // No held signals: the pass goes on to claim the broadcasts.
    query: jest.fn(async (sql: string) =>
      sql.includes('held_signals')
        ? sql.trimStart().startsWith('DELETE')
          ? [[], 0]
          : []
        : [claimed, claimed.length],
    ),
    manager: { update },
  } as unknown as DataSource;
  jest
    .mocked(deliverSignal)
    .mockRejectedValueOnce(new Error('The workflow engine did not answer within 10000 ms'))
    .mockResolvedValue({ reached: [], held: [] });
  const relay = new SignalRelay(
    dataSource,
    {} as TemporalClient,
    { engineCallTimeoutMs: 10_000 } as FlowcardConfig,
    {} as EventRelay,
    {} as InstancesService,
  );

  await expect(relay.relayPending()).rejects.toThrow('1 of 2 signals and 0 held signals');
  expect(deliverSignal).toHaveBeenCalledTimes(2);
  expect(startBySignal).toHaveBeenCalledTimes(1);
  expect(update.mock.calls.map(([, where, change]) => [where, change])).toEqual([
    [{ id: 'stuck' }, { claimedAt: null }],
    [{ id: 'next' }, { deliveredAt: expect.any(Date) }],
  ]);
});
