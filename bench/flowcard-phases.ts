/**
 * The two measured phases of Flowcard's load, one after the other against the same processes:
 * throughput (each step learned as the web app learns it: a socket.io event, then one REST
 * read), then latency at half the rate the first reached (open loop, each step polled on REST
 * and heard on socket.io). CPU time is read per process group around each phase.
 */
import { LoadShape, runLoad, runOpenLoop } from './figures';
import type { EventTally, FlowcardLoad, InstanceTiming } from './flowcard-load';
import { BenchChildren, coresUsed, cpuSecondsByGroup, rssMiB } from './processes';
import type { WatcherFigures, Watchers } from './watchers';

export interface PhaseRun {
  results: InstanceTiming[];
  wallSeconds: number;
  cores: { group: string; cores: number }[];
  /** REST requests the bench made during the phase. */
  requests: number;
  /** Completions sent again after a 503 (the engine's deadline). */
  completionRetries: number;
  tally: EventTally;
}

export interface LatencyRun extends PhaseRun {
  /** Instances started per second. */
  ratePerSecond: number;
  maxInFlight: number;
}

export interface FlowcardPhases {
  throughput: PhaseRun;
  latency: LatencyRun;
  /** Resident memory of each child at the start and the end of the throughput phase. */
  rss: { label: string; start: number | null; end: number | null }[];
  /** Resident memory of each child every `RSS_SAMPLE_MS` through the throughput phase. */
  rssSamples: { label: string; miB: (number | null)[] }[];
  /** What the watchers heard during the throughput phase, and during the latency phase. */
  watchers: WatcherFigures | null;
  watchersAtHalfRate: WatcherFigures | null;
}

/** How often the throughput phase reads the children's RSS: a curve, not two points. */
export const RSS_SAMPLE_MS = 30_000;

export interface PhaseSettings {
  shape: LoadShape;
  /** Instances of the latency phase; null: half as many as the throughput phase completed. */
  latencyInstances: number | null;
}

export async function runFlowcardPhases(
  load: FlowcardLoad,
  children: BenchChildren,
  watchers: Watchers | null,
  settings: PhaseSettings,
): Promise<FlowcardPhases> {
  const guarded = <T>(work: Promise<T>) => Promise.race([work, children.failed]);
  const { shape } = settings;
  const warmUp = { concurrency: shape.concurrency, instances: shape.concurrency, durationMs: null };
  console.log(`Warming up with ${warmUp.instances} instances ...`);
  await guarded(runLoad(warmUp, (index) => load.runAsScreen(-1 - index)));
  load.takeCounts();

  const labels = new Map(children.all.map((child) => [child.process.pid!, child.label]));
  const rssStart = children.all.map((child) => rssMiB(child.process.pid));
  console.log(
    `Throughput phase: ${describeShape(shape)}, each step learned over socket.io, then read once` +
      (watchers ? `, ${watchers.count} watchers listening` : '') +
      ' ...',
  );
  let cpuBefore = cpuSecondsByGroup(labels);
  watchers?.record();
  const rssSamples = children.all.map(() => [] as (number | null)[]);
  const sampleRss = () =>
    children.all.forEach((child, index) => rssSamples[index].push(rssMiB(child.process.pid)));
  sampleRss();
  const sampler = setInterval(sampleRss, RSS_SAMPLE_MS);
  const run = await guarded(runLoad(shape, (index) => load.runAsScreen(index))).finally(() =>
    clearInterval(sampler),
  );
  sampleRss();
  const throughput: PhaseRun = {
    ...run,
    cores: coresUsed(cpuBefore, cpuSecondsByGroup(labels), run.wallSeconds),
    ...load.takeCounts(),
  };
  const rssEnd = children.all.map((child) => rssMiB(child.process.pid));
  const watcherFigures = watchers?.figures() ?? null;
  watchers?.record();

  const completed = throughput.results.length;
  const ratePerSecond = completed / throughput.wallSeconds / 2;
  const count = settings.latencyInstances ?? Math.max(1, Math.ceil(completed / 2));
  console.log(
    `Latency phase: ${count} instances started at ${ratePerSecond.toFixed(2)} per second (half the throughput phase's rate), each step polled on REST and heard on socket.io ...`,
  );
  cpuBefore = cpuSecondsByGroup(labels);
  const open = await guarded(
    runOpenLoop(ratePerSecond, count, (index) => load.runOne(completed + index)),
  );
  const latency: LatencyRun = {
    ...open,
    ratePerSecond,
    cores: coresUsed(cpuBefore, cpuSecondsByGroup(labels), open.wallSeconds),
    ...load.takeCounts(),
  };
  const watchersAtHalfRate = watchers?.figures() ?? null;
  watchers?.close();
  return {
    throughput,
    latency,
    rss: children.all.map((child, index) => ({
      label: child.label,
      start: rssStart[index],
      end: rssEnd[index],
    })),
    rssSamples: children.all.map((child, index) => ({
      label: child.label,
      miB: rssSamples[index],
    })),
    watchers: watcherFigures,
    watchersAtHalfRate,
  };
}

export function describeShape(shape: LoadShape): string {
  const count = shape.instances === null ? '' : `${shape.instances} instances`;
  const time = shape.durationMs === null ? '' : `for ${shape.durationMs / 1000} s`;
  return `${[count, time].filter(Boolean).join(' or ')}, ${shape.concurrency} at a time`;
}
