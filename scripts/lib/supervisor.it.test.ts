/**
 * The supervisor of `npm start` with real child processes: one that crashes is started again with
 * a doubling back-off, and a stop request ends it for good.
 */
import { spawn } from 'node:child_process';
import { Supervisor } from './supervisor';

jest.setTimeout(20_000);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function nodeChild(source: string) {
  return () => spawn(process.execPath, ['-e', source], { stdio: 'ignore' });
}

async function until(check: () => boolean, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`condition not met in ${timeoutMs} ms`);
    await sleep(20);
  }
}

it('restarts a crashing child with a doubling back-off, and a stop ends it for good', async () => {
  const startedAt: number[] = [];
  const logged: string[] = [];
  const supervisor = new Supervisor({
    name: 'crasher',
    spawn: () => {
      startedAt.push(Date.now());
      return nodeChild('setTimeout(() => process.exit(3), 50)')();
    },
    backOff: { initialDelayMs: 100, maxDelayMs: 400, resetAfterMs: 60_000 },
    log: (message) => logged.push(message),
  });
  supervisor.start();
  await until(() => startedAt.length >= 5);
  await supervisor.stop();
  const spawnsAtStop = startedAt.length;

  // Each gap is the child's ~50 ms of life plus its back-off: 100, 200, 400, then capped at 400.
  const gaps = startedAt.slice(1, 5).map((time, index) => time - startedAt[index]);
  expect(gaps[0]).toBeGreaterThanOrEqual(100);
  expect(gaps[1]).toBeGreaterThanOrEqual(200);
  expect(gaps[2]).toBeGreaterThanOrEqual(400);
  expect(gaps[3]).toBeGreaterThanOrEqual(400);
  expect(gaps[3]).toBeLessThan(gaps[2] + 300);
  expect(logged[0]).toBe('The crasher process stopped (exit code 3); restart 1 in 100 ms');
  expect(logged[2]).toBe('The crasher process stopped (exit code 3); restart 3 in 400 ms');

  await sleep(1_000);
  expect(startedAt.length).toBe(spawnsAtStop);
  expect(supervisor.current).toBeNull();
});

it('restarts a child killed with SIGKILL, and stops a healthy one without restarting it', async () => {
  const children: ReturnType<ReturnType<typeof nodeChild>>[] = [];
  const logged: string[] = [];
  const supervisor = new Supervisor({
    name: 'worker',
    spawn: () => {
      const child = nodeChild('setInterval(() => {}, 1000)')();
      children.push(child);
      return child;
    },
    backOff: { initialDelayMs: 50, maxDelayMs: 50, resetAfterMs: 60_000 },
    log: (message) => logged.push(message),
  });
  supervisor.start();
  await until(() => children.length === 1);
  children[0].kill('SIGKILL');
  await until(() => children.length === 2);
  expect(logged).toEqual(['The worker process stopped (SIGKILL); restart 1 in 50 ms']);
  expect(supervisor.restarts).toBe(1);

  const second = children[1];
  const exited = new Promise<NodeJS.Signals | null>((resolve) =>
    second.once('exit', (_code, signal) => resolve(signal)),
  );
  await supervisor.stop();
  expect(await exited).toBe('SIGTERM');
  await sleep(300);
  expect(children).toHaveLength(2);
  expect(logged).toHaveLength(1);
});

it('waits the initial delay again after a child stayed up for the reset period', async () => {
  const startedAt: number[] = [];
  const logged: string[] = [];
  let lifetimeMs = 20;
  const supervisor = new Supervisor({
    name: 'flaky',
    spawn: () => {
      startedAt.push(Date.now());
      return nodeChild(`setTimeout(() => process.exit(1), ${lifetimeMs})`)();
    },
    backOff: { initialDelayMs: 50, maxDelayMs: 1_000, resetAfterMs: 600 },
    log: (message) => logged.push(message),
  });
  supervisor.start();
  await until(() => startedAt.length === 3);
  lifetimeMs = 800;
  await until(() => startedAt.length === 5);
  await supervisor.stop();
  expect(logged.map((line) => line.replace(/.*restart \d+ in /, ''))).toEqual([
    '50 ms',
    '100 ms',
    '200 ms',
    '50 ms',
  ]);
});
