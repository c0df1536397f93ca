/**
 * The trigger consumer's retry after a failed run, on fake timers and a fake database: a run
 * that fails (the database or Temporal did not answer) is run again after a short pause that
 * doubles while runs keep failing, up to the poll interval, and starts over once one succeeds.
 */
import { Logger } from '@nestjs/common';
import type { Client as TemporalClient } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import type { FlowcardConfig } from '#server/common/config';
import type { EventRelay } from '#server/live/event-relay.service';
import { FIRST_RETRY_MS } from '#server/live/retry-backoff';
import { TriggerConsumer } from './trigger-consumer.service';

beforeEach(() => {
  jest.useFakeTimers();
  jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
});

afterEach(() => {
  jest.useRealTimers();
  jest.restoreAllMocks();
});

/** A consumer whose batch transactions fail `failures` times, then read nothing new. */
function consumerFailing(failures: number) {
  const transaction = jest.fn();
  for (let failure = 0; failure < failures; failure += 1) {
    transaction.mockRejectedValueOnce(new Error('Connection terminated unexpectedly'));
  }
  transaction.mockResolvedValue({ full: false, wrote: false });
  // No start or delivery is pending.
  const query = jest.fn().mockResolvedValue([]);
  const dataSource = { transaction, manager: { query } } as unknown as DataSource;
  const relay = { onEvent: () => () => undefined } as unknown as EventRelay;
  const consumer = new TriggerConsumer(
    dataSource,
    {} as TemporalClient,
    {} as FlowcardConfig,
    relay,
  );
  return { consumer, transaction, query };
}

it('runs again soon after a failed run, doubling the pause while runs fail', async () => {
  const { consumer, transaction, query } = consumerFailing(3);
  consumer.onModuleInit();
  await jest.advanceTimersByTimeAsync(0);
  expect(transaction).toHaveBeenCalledTimes(1);

  await jest.advanceTimersByTimeAsync(FIRST_RETRY_MS);
  expect(transaction).toHaveBeenCalledTimes(2);
  await jest.advanceTimersByTimeAsync(2 * FIRST_RETRY_MS - 1);
  expect(transaction).toHaveBeenCalledTimes(2);
  await jest.advanceTimersByTimeAsync(1);
  expect(transaction).toHaveBeenCalledTimes(3);
  await jest.advanceTimersByTimeAsync(4 * FIRST_RETRY_MS);
  expect(transaction).toHaveBeenCalledTimes(4);
  // The run that succeeded looked again for what the failed ones left to start and deliver.
  expect(query).toHaveBeenCalledTimes(2);

  // Succeeding, it waits for an event or the poll again.
  await jest.advanceTimersByTimeAsync(8 * FIRST_RETRY_MS);
  expect(transaction).toHaveBeenCalledTimes(4);
  await consumer.onApplicationShutdown();
});

it('keeps one retry under way however many wake-ups fail meanwhile', async () => {
  const { consumer, transaction } = consumerFailing(1_000);
  consumer.onModuleInit();
  // The pauses have grown to the poll interval (5 s) by then.
  await jest.advanceTimersByTimeAsync(10_000);
  const before = transaction.mock.calls.length;
  await jest.advanceTimersByTimeAsync(50_000);
  // Ten polls and ten retries at most: failed polls do not start retries of their own.
  expect(transaction.mock.calls.length - before).toBeLessThanOrEqual(20);
  await consumer.onApplicationShutdown();
});
