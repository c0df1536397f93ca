/**
 * `npm run bench`: N instances of a process with five service tasks and one user task,
 * against a real Postgres and a real Temporal started for the run. Prints figures; it never
 * fails on time.
 *
 * Options: --instances N (200), --concurrency C (20).
 */
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { repoRoot } from '../server/src/common/repo-root';
import type { LiveEvent } from '../server/src/live/live-event';
import { startThrowawayServices } from '../scripts/lib/throwaway';
import { option, percentile } from './figures';
import { eventually, startFlowcard } from '../scripts/lib/in-process';

/** How often the bench asks the REST API whether something changed. */
const POLL_MS = 20;

interface Timing {
  startToTaskApi: number;
  startToTaskSocket: number;
  completeToDoneApi: number;
  completeToDoneSocket: number;
  startToDone: number;
}

async function main() {
  const instances = option('instances', 200);
  const concurrency = option('concurrency', 20);
  console.log('Starting Postgres and Temporal for the benchmark ...');
  const services = await startThrowawayServices('bench');
  const flowcard = await startFlowcard({ workflowBundlePath: await services.workflowBundle() });
  try {
    const analyst = await flowcard.login('analyst@demo.local');
    const manager = await flowcard.login('manager@demo.local');
    const xml = readFileSync(
      join(repoRoot(), 'workflows/bpmn/fixtures/bench-five-steps.bpmn'),
      'utf8',
    );
    const deployed = await flowcard.api(
      analyst,
      'POST',
      '/api/process-definitions',
      xml,
      'application/xml',
    );
    if (deployed.status !== 201 && deployed.status !== 200)
      throw new Error(`deploy failed: ${JSON.stringify(deployed.body)}`);

    // When each instance's task appeared and when it completed, as seen over socket.io.
    const seen = new Map<string, { task?: number; done?: number }>();
    const socket = await flowcard.socket(manager);
    socket.on('event', (event: LiveEvent) => {
      if (!event.instanceId) return;
      const entry = seen.get(event.instanceId) ?? {};
      if (event.type === 'task.created') entry.task ??= performance.now();
      if (event.type === 'instance.completed') entry.done ??= performance.now();
      seen.set(event.instanceId, entry);
    });

    const runOne = async (index: number): Promise<Timing> => {
      const client = await flowcard.api(manager, 'POST', '/api/clients', {
        kind: 'company',
        name: `Bench client ${index}`,
        // Potential, so the process's move to active follows the client lifecycle.
        status: 'potential',
      });
      await socket.emitWithAck('subscribe', { room: `client:${client.body.id}` });
      const startedAt = performance.now();
      const started = await flowcard.api(manager, 'POST', '/api/process-instances', {
        definitionId: deployed.body.id,
        clientId: client.body.id,
      });
      if (started.status !== 201) throw new Error(`start failed: ${JSON.stringify(started.body)}`);
      const instanceId: string = started.body.id;
      const task = await eventually(
        async () => {
          const tasks = await flowcard.api(manager, 'GET', `/api/tasks?instanceId=${instanceId}`);
          return tasks.body.items[0];
        },
        120_000,
        POLL_MS,
      );
      const taskApiAt = performance.now();
      const completeAt = performance.now();
      const completed = await flowcard.api(manager, 'POST', `/api/tasks/${task.id}/complete`, {});
      if (completed.status !== 200)
        throw new Error(`complete failed: ${JSON.stringify(completed.body)}`);
      await eventually(
        async () => {
          const card = await flowcard.api(manager, 'GET', `/api/process-instances/${instanceId}`);
          if (card.body.status === 'failed')
            throw new Error(`instance ${instanceId} failed: ${JSON.stringify(card.body.error)}`);
          return card.body.status === 'completed';
        },
        120_000,
        POLL_MS,
      );
      const doneApiAt = performance.now();
      const live = await eventually(
        async () => {
          const entry = seen.get(instanceId);
          return entry?.task && entry.done ? entry : null;
        },
        120_000,
        POLL_MS,
      );
      return {
        startToTaskApi: taskApiAt - startedAt,
        startToTaskSocket: live.task! - startedAt,
        completeToDoneApi: doneApiAt - completeAt,
        completeToDoneSocket: live.done! - completeAt,
        startToDone: Math.max(doneApiAt, live.done!) - startedAt,
      };
    };

    console.log(`Running ${instances} instances, ${concurrency} at a time ...`);
    const timings: Timing[] = [];
    let next = 0;
    const wallStart = performance.now();
    await Promise.all(
      Array.from({ length: Math.min(concurrency, instances) }, async () => {
        while (next < instances) timings.push(await runOne(next++));
      }),
    );
    const wallSeconds = (performance.now() - wallStart) / 1000;

    const row = (label: string, values: number[]) =>
      console.log(
        `  ${label.padEnd(56)} p50 ${percentile(values, 50).toFixed(1).padStart(8)} ms   p95 ${percentile(values, 95).toFixed(1).padStart(8)} ms`,
      );
    console.log(`
Flowcard benchmark: process "bench-five-steps" (5 service tasks + 1 user task)
  machine: ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), node ${process.version}
  instances: ${instances}, concurrency: ${concurrency}, wall time: ${wallSeconds.toFixed(1)} s
  completed instances per second: ${(instances / wallSeconds).toFixed(1)}`);
    row(
      'start -> instance completed (start-to-complete)',
      timings.map((t) => t.startToDone),
    );
    row(
      'start -> user task visible via REST API',
      timings.map((t) => t.startToTaskApi),
    );
    row(
      'start -> user task visible via socket.io',
      timings.map((t) => t.startToTaskSocket),
    );
    row(
      'task completed -> next step (end) visible via REST API',
      timings.map((t) => t.completeToDoneApi),
    );
    row(
      'task completed -> next step (end) visible via socket.io',
      timings.map((t) => t.completeToDoneSocket),
    );
    console.log(`  (REST figures include up to ${POLL_MS} ms of the bench's own polling.)`);
  } finally {
    await flowcard.stop();
    await services.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
