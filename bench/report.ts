/** The bench's printed figures and its closing JSON line. */
import { cpus, loadavg, totalmem } from 'node:os';
import type { CeilingRun } from './ceiling/load';
import { LoadShape, percentile, timingRow } from './figures';
import type { InstanceTiming } from './flowcard-load';
import { RSS_SAMPLE_MS, type FlowcardPhases, type PhaseRun } from './flowcard-phases';
import type { WatcherFigures } from './watchers';

export interface BenchResults {
  shape: LoadShape;
  apiProcesses: number;
  workers: number;
  postgres: string;
  temporal: string;
  pollMs: number;
  fallbackMs: number;
  flowcard: FlowcardPhases;
  ceiling: CeilingRun;
  ceilingCores: { group: string; cores: number }[];
  /** The machine's 1-minute load average when the bench started: other work competes for the cores. */
  loadBefore: number;
}

type CoresUsed = { group: string; cores: number }[];

const round = (value: number, digits = 1) => Number(value.toFixed(digits));

const coresLine = (used: CoresUsed) =>
  used.length === 0
    ? '(not measured: no /proc)'
    : used.map(({ group, cores }) => `${group} ${cores.toFixed(2)}`).join(', ');

/** CPU time per completed instance does not depend on how much of the machine others take. */
const cpuMsPerInstance = (used: CoresUsed, wallSeconds: number, count: number) =>
  used.map(({ group, cores }) => ({ group, ms: (cores * wallSeconds * 1000) / count }));

const perInstanceLine = (used: CoresUsed, wallSeconds: number, count: number) =>
  cpuMsPerInstance(used, wallSeconds, count)
    .map(({ group, ms }) => `${group} ${ms.toFixed(1)}`)
    .join(', ');

const p95 = (values: number[]) => round(percentile(values, 95));

function timingRows(timings: InstanceTiming[], apiSeen: string): string {
  const column = (pick: (timing: InstanceTiming) => number) => timings.map(pick);
  return [
    timingRow(
      'start -> instance completed',
      column((t) => t.startToComplete),
    ),
    timingRow(
      `start -> user task ${apiSeen}`,
      column((t) => t.startToTaskApi),
    ),
    timingRow(
      'start -> user task heard via socket.io',
      column((t) => t.startToTaskSocket),
    ),
    timingRow(
      `task completed -> next step ${apiSeen}`,
      column((t) => t.completeToNextApi),
    ),
    timingRow(
      'task completed -> next step heard via socket.io',
      column((t) => t.completeToNextSocket),
    ),
  ].join('\n');
}

function phaseCostLines(phase: PhaseRun): string {
  const count = phase.results.length;
  return `  REST requests of the bench per completed instance: ${(phase.requests / count).toFixed(1)}; completions sent again after a 503 (engine deadline): ${phase.completionRetries}
  cores used during the phase: ${coresLine(phase.cores)}
  CPU ms per completed instance: ${perInstanceLine(phase.cores, phase.wallSeconds, count)}`;
}

function throughputSection(results: BenchResults): string {
  const { throughput, rss, watchers } = results.flowcard;
  const count = throughput.results.length;
  const { tally } = throughput;
  const found = tally.foundByFallback.task + tally.foundByFallback.done;
  return `Throughput phase: each step learned as the web app learns it (task.created, instance.completed on the client's room), then one REST read
  ${count} instances, ${results.shape.concurrency} at a time (after as many to warm up), wall time ${throughput.wallSeconds.toFixed(1)} s
  Flowcard: ${(count / throughput.wallSeconds).toFixed(1)} completed instances per second
${timingRows(throughput.results, 'read via REST API after its event')}
  fallback reads (a step's event not heard within ${results.fallbackMs} ms): ${tally.fallbackReads}; steps they found before the event came: ${found} (user task ${tally.foundByFallback.task}, end ${tally.foundByFallback.done})
  events never heard (lost: a bug, should be 0): ${tally.neverHeard}; reads after an event that did not show its step yet (should be 0): ${tally.readsBehindEvent}
${phaseCostLines(throughput)}
  RSS (MiB) start -> end: ${rss.map(({ label, start, end }) => `${label} ${start?.toFixed(0) ?? '?'} -> ${end?.toFixed(0) ?? '?'}`).join(', ')}
${rssSampleLines(results.flowcard.rssSamples)}${watcherLines(watchers, count, 'the throughput phase')}`;
}

function latencySection(results: BenchResults): string {
  const { latency } = results.flowcard;
  return `Latency phase: instances started at a fixed rate, half the throughput phase's, whatever those in flight are doing; each step polled on REST every ${results.pollMs} ms and heard on socket.io
  ${latency.results.length} instances started at ${latency.ratePerSecond.toFixed(2)} per second, wall time ${latency.wallSeconds.toFixed(1)} s, at most ${latency.maxInFlight} in flight
${timingRows(latency.results, 'visible via REST API')}
  (REST figures include up to ${results.pollMs} ms of the bench's own polling; the polls cost the API and Postgres CPU a web app would not spend.)
${phaseCostLines(latency)}
${watcherLines(results.flowcard.watchersAtHalfRate, latency.results.length, 'the latency phase')}`;
}

/** The RSS curve of a phase long enough to have one (more than the start and the end). */
function rssSampleLines(samples: { label: string; miB: (number | null)[] }[]): string {
  if (samples.every(({ miB }) => miB.length <= 3)) return '';
  const rows = samples.map(
    ({ label, miB }) => `    ${label}: ${miB.map((value) => value?.toFixed(0) ?? '?').join(' ')}`,
  );
  return `  RSS (MiB) every ${RSS_SAMPLE_MS / 1000} s through the phase, and at its end:\n${rows.join('\n')}\n`;
}

export function report(results: BenchResults): void {
  const { ceiling } = results;
  const { throughput, latency, rss, watchers } = results.flowcard;
  const instancesPerSecond = throughput.results.length / throughput.wallSeconds;
  const ceilingPerSecond = ceiling.startToCompleteMs.length / ceiling.wallSeconds;
  const cores = cpus().length;
  const latencyColumn = (pick: (timing: InstanceTiming) => number) => latency.results.map(pick);
  const rssOf = (role: string, at: 'start' | 'end') => {
    const values = rss.filter((entry) => entry.label.startsWith(role));
    if (values.some((entry) => entry[at] === null)) return null;
    return round(values.reduce((sum, entry) => sum + entry[at]!, 0));
  };

  console.log(`
Flowcard benchmark: process "bench-five-steps" (5 service tasks + 1 user task), as \`npm start\` runs it
  machine: ${cores} cores (${cpus()[0]?.model ?? 'unknown'}), ${Math.round(totalmem() / 2 ** 30)} GiB, node ${process.version}; load average ${results.loadBefore.toFixed(1)} before the run, ${loadavg()[0].toFixed(1)} after
  topology: ${results.apiProcesses} API process(es), ${results.workers} worker process(es); Postgres (${results.postgres}); Temporal: ${results.temporal}

${throughputSection(results)}
${latencySection(results)}

Ceiling: a bare Temporal workflow of the same shape, same server, same concurrency and count as the throughput phase
  ${ceilingPerSecond.toFixed(1)} workflows per second, ${ceiling.startToCompleteMs.length} workflows in ${ceiling.wallSeconds.toFixed(1)} s (${ceiling.refusedUpdates} updates refused before the wait)
${timingRow('start -> workflow completed', ceiling.startToCompleteMs)}
  cores used during the load: ${coresLine(results.ceilingCores)}
  CPU ms per completed workflow: ${perInstanceLine(results.ceilingCores, ceiling.wallSeconds, ceiling.startToCompleteMs.length)}

Flowcard (throughput phase) / ceiling: ${(instancesPerSecond / ceilingPerSecond).toFixed(2)} on ${cores} cores
`);
  const { tally } = throughput;
  console.log(
    JSON.stringify({
      instancesPerSecond: round(instancesPerSecond),
      ceilingPerSecond: round(ceilingPerSecond),
      ratio: round(instancesPerSecond / ceilingPerSecond, 2),
      startToCompleteP95Ms: p95(latencyColumn((t) => t.startToComplete)),
      taskToNextTaskApiP95Ms: p95(latencyColumn((t) => t.completeToNextApi)),
      taskToNextTaskSocketP95Ms: p95(latencyColumn((t) => t.completeToNextSocket)),
      startToTaskApiP95Ms: p95(latencyColumn((t) => t.startToTaskApi)),
      startToTaskSocketP95Ms: p95(latencyColumn((t) => t.startToTaskSocket)),
      latencyPhaseRate: round(latency.ratePerSecond, 2),
      cores,
      cpuMsPerInstance: Object.fromEntries(
        cpuMsPerInstance(throughput.cores, throughput.wallSeconds, throughput.results.length).map(
          ({ group, ms }) => [group, round(ms)],
        ),
      ),
      eventFallbacks: tally.foundByFallback.task + tally.foundByFallback.done,
      apiRssStartMiB: rssOf('api', 'start'),
      apiRssEndMiB: rssOf('api', 'end'),
      workerRssStartMiB: rssOf('worker', 'start'),
      workerRssEndMiB: rssOf('worker', 'end'),
      ...(watchers && {
        watchers: watchers.watchers,
        watcherEventP95Ms: p95(watchers.delaysMs),
      }),
      ...(results.flowcard.watchersAtHalfRate && {
        watcherEventHalfRateP95Ms: p95(results.flowcard.watchersAtHalfRate.delaysMs),
      }),
    }),
  );
}

function watcherLines(watchers: WatcherFigures | null, instances: number, phase: string): string {
  if (!watchers) return '';
  const expected = watchers.watchers * instances;
  return `  ${watchers.watchers} socket.io watchers of the group task list, listening during ${phase}: ${watchers.delaysMs.length} of ${expected} task.created deliveries heard
${timingRow('event created -> delivered to a watcher', watchers.delaysMs)}
`;
}
