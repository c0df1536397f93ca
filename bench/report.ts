/** The bench's printed figures and its closing JSON line. */
import { cpus, loadavg, totalmem } from 'node:os';
import type { CeilingRun } from './ceiling/load';
import { LoadShape, percentile, timingRow } from './figures';
import { InstanceTiming, POLL_MS } from './flowcard-load';
import type { WatcherFigures } from './watchers';

export interface BenchResults {
  shape: LoadShape;
  apiProcesses: number;
  workers: number;
  postgres: string;
  temporal: string;
  flowcard: { results: InstanceTiming[]; wallSeconds: number };
  flowcardCores: { group: string; cores: number }[];
  ceiling: CeilingRun;
  ceilingCores: { group: string; cores: number }[];
  rss: { label: string; start: number | null; end: number | null }[];
  /** The machine's 1-minute load average when the bench started: other work competes for the cores. */
  loadBefore: number;
  watchers: WatcherFigures | null;
}

const round = (value: number, digits = 1) => Number(value.toFixed(digits));

export function report(results: BenchResults): void {
  const { flowcard, ceiling } = results;
  const timings = flowcard.results;
  const instancesPerSecond = timings.length / flowcard.wallSeconds;
  const ceilingPerSecond = ceiling.startToCompleteMs.length / ceiling.wallSeconds;
  const cores = cpus().length;
  const column = (pick: (timing: InstanceTiming) => number) => timings.map(pick);
  const rssOf = (role: string, at: 'start' | 'end') => {
    const values = results.rss.filter((entry) => entry.label.startsWith(role));
    if (values.some((entry) => entry[at] === null)) return null;
    return round(values.reduce((sum, entry) => sum + entry[at]!, 0));
  };
  const coresLine = (used: { group: string; cores: number }[]) =>
    used.length === 0
      ? '(not measured: no /proc)'
      : used.map(({ group, cores }) => `${group} ${cores.toFixed(2)}`).join(', ');
  // CPU time per completed instance does not depend on how much of the machine others take.
  const perInstanceLine = (used: { group: string; cores: number }[], wall: number, count: number) =>
    used
      .map(({ group, cores }) => `${group} ${((cores * wall * 1000) / count).toFixed(1)}`)
      .join(', ');

  console.log(`
Flowcard benchmark: process "bench-five-steps" (5 service tasks + 1 user task), as \`npm start\` runs it
  machine: ${cores} cores (${cpus()[0]?.model ?? 'unknown'}), ${Math.round(totalmem() / 2 ** 30)} GiB, node ${process.version}; load average ${results.loadBefore.toFixed(1)} before the run, ${loadavg()[0].toFixed(1)} after
  topology: ${results.apiProcesses} API process(es), ${results.workers} worker process(es); Postgres (${results.postgres}); Temporal: ${results.temporal}
  load: ${timings.length} instances, ${results.shape.concurrency} at a time (after as many to warm up), wall time ${flowcard.wallSeconds.toFixed(1)} s

Flowcard: ${instancesPerSecond.toFixed(1)} completed instances per second`);
  console.log(
    timingRow(
      'start -> instance completed',
      column((t) => t.startToComplete),
    ),
  );
  console.log(
    timingRow(
      'start -> user task visible via REST API',
      column((t) => t.startToTaskApi),
    ),
  );
  console.log(
    timingRow(
      'start -> user task visible via socket.io',
      column((t) => t.startToTaskSocket),
    ),
  );
  console.log(
    timingRow(
      'task completed -> next step visible via REST API',
      column((t) => t.completeToNextApi),
    ),
  );
  console.log(
    timingRow(
      'task completed -> next step visible via socket.io',
      column((t) => t.completeToNextSocket),
    ),
  );
  console.log(`  (REST figures include up to ${POLL_MS} ms of the bench's own polling.)
  cores used during the load: ${coresLine(results.flowcardCores)}
  CPU ms per completed instance: ${perInstanceLine(results.flowcardCores, flowcard.wallSeconds, timings.length)}
  RSS (MiB) start -> end: ${results.rss.map(({ label, start, end }) => `${label} ${start?.toFixed(0) ?? '?'} -> ${end?.toFixed(0) ?? '?'}`).join(', ')}
${watcherLines(results.watchers, timings.length)}
Ceiling: a bare Temporal workflow of the same shape, same server, same concurrency
  ${ceilingPerSecond.toFixed(1)} workflows per second, ${ceiling.startToCompleteMs.length} workflows in ${ceiling.wallSeconds.toFixed(1)} s (${ceiling.refusedUpdates} updates refused before the wait)`);
  console.log(timingRow('start -> workflow completed', ceiling.startToCompleteMs));
  console.log(`  cores used during the load: ${coresLine(results.ceilingCores)}
  CPU ms per completed workflow: ${perInstanceLine(results.ceilingCores, ceiling.wallSeconds, ceiling.startToCompleteMs.length)}

Flowcard / ceiling: ${(instancesPerSecond / ceilingPerSecond).toFixed(2)} on ${cores} cores
`);
  console.log(
    JSON.stringify({
      instancesPerSecond: round(instancesPerSecond),
      ceilingPerSecond: round(ceilingPerSecond),
      ratio: round(instancesPerSecond / ceilingPerSecond, 2),
      startToCompleteP95Ms: round(
        percentile(
          column((t) => t.startToComplete),
          95,
        ),
      ),
      taskToNextTaskApiP95Ms: round(
        percentile(
          column((t) => t.completeToNextApi),
          95,
        ),
      ),
      taskToNextTaskSocketP95Ms: round(
        percentile(
          column((t) => t.completeToNextSocket),
          95,
        ),
      ),
      cores,
      apiRssStartMiB: rssOf('api', 'start'),
      apiRssEndMiB: rssOf('api', 'end'),
      workerRssStartMiB: rssOf('worker', 'start'),
      workerRssEndMiB: rssOf('worker', 'end'),
      ...(results.watchers && {
        watchers: results.watchers.watchers,
        watcherEventP95Ms: round(percentile(results.watchers.delaysMs, 95)),
      }),
    }),
  );
}

function watcherLines(watchers: WatcherFigures | null, instances: number): string {
  if (!watchers) return '';
  const expected = watchers.watchers * instances;
  return `  ${watchers.watchers} socket.io watchers of the group task list: ${watchers.delaysMs.length} of ${expected} task.created deliveries heard
${timingRow('event created -> delivered to a watcher', watchers.delaysMs)}
`;
}
