/**
 * A relay's loop after a failed pass, on fake timers: a pass that fails (the database or
 * Temporal did not answer) runs again after a short pause that doubles while passes keep
 * failing, up to the poll interval, and starts over once one succeeds; one retry at a time.
 */
import { Logger } from '@nestjs/common';
import type { EventRelay } from './event-relay.service';
import type { LiveEvent } from './live-event';
import { RelayLoop } from './relay-loop';
import { FIRST_RETRY_MS } from './retry-backoff';

const POLL_MS = 5_000;

beforeEach(() => {
  jest.useFakeTimers();
});

afterEach(() => {
  jest.useRealTimers();
});

/** A started loop whose passes fail `failures` times, and a way to wake it with an event. */
function loopFailing(failures: number) {
  const pass = jest.fn();
  for (let failure = 0; failure < failures; failure += 1) {
    pass.mockRejectedValueOnce(new Error('The workflow engine did not answer'));
  }
  pass.mockResolvedValue(0);
  let listener: (event: LiveEvent) => void = () => undefined;
  const relay = {
    onEvent: (next: (event: LiveEvent) => void) => {
      listener = next;
      return () => undefined;
    },
  } as unknown as EventRelay;
  const logger = { error: jest.fn() } as unknown as Logger;
  const loop = new RelayLoop('test relay', pass, logger);
  loop.start(relay, () => true, POLL_MS);
  const wake = () => listener({ type: 'element.completed' } as LiveEvent);
  return { loop, pass, wake, logger };
}

it('runs a failed pass again soon, doubling the pause while passes fail', async () => {
  const { loop, pass, wake, logger } = loopFailing(3);
  wake();
  await jest.advanceTimersByTimeAsync(0);
  expect(pass).toHaveBeenCalledTimes(1);
  expect(logger.error).toHaveBeenCalledTimes(1);

  await jest.advanceTimersByTimeAsync(FIRST_RETRY_MS);
  expect(pass).toHaveBeenCalledTimes(2);
  await jest.advanceTimersByTimeAsync(2 * FIRST_RETRY_MS - 1);
  expect(pass).toHaveBeenCalledTimes(2);
  await jest.advanceTimersByTimeAsync(1);
  expect(pass).toHaveBeenCalledTimes(3);
  await jest.advanceTimersByTimeAsync(4 * FIRST_RETRY_MS);
  expect(pass).toHaveBeenCalledTimes(4);

  // Succeeding, it waits for an event or the poll again, and a later failure pauses briefly.
  await jest.advanceTimersByTimeAsync(8 * FIRST_RETRY_MS);
  expect(pass).toHaveBeenCalledTimes(4);
  pass.mockRejectedValueOnce(new Error('The workflow engine did not answer'));
  wake();
  await jest.advanceTimersByTimeAsync(0);
  expect(pass).toHaveBeenCalledTimes(5);
  await jest.advanceTimersByTimeAsync(FIRST_RETRY_MS);
  expect(pass).toHaveBeenCalledTimes(6);
  await loop.stop();
});

it('keeps one retry under way however many wake-ups fail meanwhile, and none after stop', async () => {
  const { loop, pass, wake } = loopFailing(1_000);
  // The pauses have grown to the poll interval by then.
  await jest.advanceTimersByTimeAsync(2 * POLL_MS);
  const before = pass.mock.calls.length;
  for (let second = 0; second < 50; second += 1) {
    wake();
    await jest.advanceTimersByTimeAsync(1_000);
  }
  // Fifty wake-ups, ten polls and ten retries at most: failed passes do not add retries.
  expect(pass.mock.calls.length - before).toBeLessThanOrEqual(70);
  await loop.stop();
  const stopped = pass.mock.calls.length;
  await jest.advanceTimersByTimeAsync(10 * POLL_MS);
  expect(pass).toHaveBeenCalledTimes(stopped);
});

it('asks for a sweep first, at each poll, on the events that name one and after a failed sweep', async () => {
  const pass = jest.fn().mockResolvedValue(0);
  let listener: (event: LiveEvent) => void = () => undefined;
  const relay = {
    onEvent: (next: (event: LiveEvent) => void) => {
      listener = next;
      return () => undefined;
    },
  } as unknown as EventRelay;
  const loop = new RelayLoop('test relay', pass, { error: jest.fn() } as unknown as Logger);
  loop.start(
    relay,
    (event) => event.type === 'element.completed',
    POLL_MS,
    (event) => event.type === 'incident.resolved',
  );
  const sweeps = () => pass.mock.calls.map(([options]) => options.sweep);
  const wakeWith = async (type: string) => {
    listener({ type } as LiveEvent);
    await jest.advanceTimersByTimeAsync(0);
  };

  await wakeWith('element.completed');
  await wakeWith('element.completed');
  await wakeWith('task.created');
  expect(sweeps()).toEqual([true, false]);
  await wakeWith('incident.resolved');
  await jest.advanceTimersByTimeAsync(POLL_MS);
  expect(sweeps()).toEqual([true, false, true, true]);

  pass.mockRejectedValueOnce(new Error('The database did not answer'));
  await wakeWith('incident.resolved');
  await jest.advanceTimersByTimeAsync(FIRST_RETRY_MS);
  expect(sweeps()).toEqual([true, false, true, true, true, true]);
  await loop.stop();
});
