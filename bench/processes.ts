/**
 * The processes the bench starts from dist, as `npm start` does (API and worker apart), and
 * what they cost: resident memory and CPU time, read from /proc (Linux; elsewhere the bench
 * prints no CPU table and no RSS).
 */
import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, openSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { stopChild } from '#scripts/lib/infra';
import { repoRoot } from '#server/common/repo-root';

export interface BenchChild {
  /** `api-1`, `worker-2`, `ceiling-worker-1`: also its log file's name. */
  label: string;
  process: ChildProcess;
}

/** Starts node children, stops them all, and fails the run when one stops while needed. */
export class BenchChildren {
  readonly all: BenchChild[] = [];
  private stopping = false;
  private fail: (error: Error) => void = () => undefined;
  /** Rejects when a child exits before the bench stops it. */
  readonly failed = new Promise<never>((_, reject) => (this.fail = reject));

  /**
   * @param logDir each child's output goes to `<label>.log` there
   * @param nodeArgs extra node flags for a child by its label (profiling)
   */
  constructor(
    private readonly logDir: string,
    private readonly nodeArgs: (label: string) => string[],
  ) {
    this.failed.catch(() => undefined);
    // A signal hook may exit the bench before `stopAll` runs (see ensureTemporal).
    process.once('exit', () => {
      for (const child of this.all) if (child.process.exitCode === null) child.process.kill();
    });
  }

  start(label: string, script: string, env: NodeJS.ProcessEnv): BenchChild {
    const logFile = join(this.logDir, `${label}.log`);
    const output = openSync(logFile, 'w');
    const child = spawn(process.execPath, [...this.nodeArgs(label), script], {
      cwd: repoRoot(),
      env,
      stdio: ['ignore', output, output],
    });
    child.on('exit', (code, signal) => {
      if (this.stopping) return;
      this.fail(new Error(`${label} stopped (${signal ?? `exit code ${code}`}); see ${logFile}`));
    });
    const started = { label, process: child };
    this.all.push(started);
    return started;
  }

  async stopAll(): Promise<void> {
    this.stopping = true;
    await Promise.all(this.all.map((child) => stopChild(child.process)));
  }
}

/** Resident memory of one process in MiB, or null when it cannot be read. */
export function rssMiB(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = /^VmRSS:\s+(\d+) kB/m.exec(status);
    return kib ? Number(kib[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/** Linux reports CPU times in clock ticks of 1/100 s on every platform it runs on today. */
const TICKS_PER_SECOND = 100;

/** One process as `/proc/<pid>/stat` shows it; CPU times in seconds. */
export interface ProcessStat {
  pid: number;
  ppid: number;
  comm: string;
  /** User and system time of the process itself. */
  cpu: number;
  /** User and system time of its children it has reaped. */
  reapedChildrenCpu: number;
}

/** Every process of the machine now; empty without /proc. */
export function processStats(): ProcessStat[] {
  if (!existsSync('/proc/self/stat')) return [];
  return readdirSync('/proc').flatMap((entry) => {
    if (!/^\d+$/.test(entry)) return [];
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      // Fields after the command: ppid 1, utime 11, stime 12, cutime 13, cstime 14.
      const fields = stat
        .slice(close + 2)
        .split(' ')
        .map(Number);
      return [
        {
          pid: Number(entry),
          ppid: fields[1],
          comm: stat.slice(stat.indexOf('(') + 1, close),
          cpu: (fields[11] + fields[12]) / TICKS_PER_SECOND,
          reapedChildrenCpu: (fields[13] + fields[14]) / TICKS_PER_SECOND,
        },
      ];
    } catch {
      // The process ended while being read.
      return [];
    }
  });
}

/**
 * CPU seconds used so far by each group of the bench's process tree: a labelled process with
 * its descendants, every other child of the bench by its command name (`postgres`,
 * `temporal`) with its descendants, and the bench itself. Null without /proc.
 */
export function cpuSecondsByGroup(labels: Map<number, string>): Map<string, number> | null {
  if (!existsSync('/proc/self/stat')) return null;
  const processes = new Map(processStats().map((stat) => [stat.pid, stat]));
  const groupOf = (pid: number): string | null => {
    for (let current = pid; processes.has(current);) {
      const label = labels.get(current);
      if (label) return label;
      if (current === process.pid) return 'bench';
      const { ppid, comm } = processes.get(current)!;
      if (ppid === process.pid) return comm;
      current = ppid;
    }
    return null;
  };
  const totals = new Map<string, number>();
  for (const [pid, { cpu }] of processes) {
    const group = groupOf(pid);
    if (group) totals.set(group, (totals.get(group) ?? 0) + cpu);
  }
  return totals;
}

/** Cores used by each group between two samples, as `api-1 0.95, worker-1 0.60, ...`. */
export function coresUsed(
  before: Map<string, number> | null,
  after: Map<string, number> | null,
  wallSeconds: number,
): { group: string; cores: number }[] {
  if (!before || !after) return [];
  return [...after]
    .map(([group, cpu]) => ({ group, cores: (cpu - (before.get(group) ?? 0)) / wallSeconds }))
    .filter(({ cores }) => cores >= 0.005)
    .sort((a, b) => b.cores - a.cores);
}
