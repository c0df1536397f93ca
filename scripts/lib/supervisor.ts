/**
 * Keeps a child process running: when it exits without being asked to, it is started again after
 * a back-off that doubles from `initialDelayMs` up to `maxDelayMs`, and drops back to
 * `initialDelayMs` once a child has stayed up for `resetAfterMs`. Only `stop()` ends it for good.
 */
import { ChildProcess } from 'node:child_process';
import { stopChild } from './infra';

export interface BackOff {
  initialDelayMs: number;
  maxDelayMs: number;
  /** A child that ran this long was healthy: the next crash waits `initialDelayMs` again. */
  resetAfterMs: number;
}

export const DEFAULT_BACK_OFF: BackOff = {
  initialDelayMs: 1_000,
  maxDelayMs: 30_000,
  resetAfterMs: 60_000,
};

export interface SupervisedProcess {
  /** The name used in the log lines. */
  name: string;
  /** Starts one child; called again for every restart. */
  spawn: () => ChildProcess;
  backOff?: BackOff;
  log?: (message: string) => void;
}

export class Supervisor {
  private child: ChildProcess | null = null;
  private restartTimer: NodeJS.Timeout | null = null;
  private stopped = false;
  private nextDelayMs: number;
  private restartCount = 0;
  private readonly backOff: BackOff;
  private readonly log: (message: string) => void;

  constructor(private readonly supervised: SupervisedProcess) {
    this.backOff = supervised.backOff ?? DEFAULT_BACK_OFF;
    this.nextDelayMs = this.backOff.initialDelayMs;
    this.log = supervised.log ?? ((message) => console.error(message));
  }

  /** How many times the child was started again after a crash. */
  get restarts(): number {
    return this.restartCount;
  }

  /** The child running now, if any (none while a restart waits out its back-off). */
  get current(): ChildProcess | null {
    return this.child;
  }

  start(): void {
    if (this.stopped || this.child) return;
    const child = this.supervised.spawn();
    const startedAt = Date.now();
    this.child = child;
    child.once('exit', (code, signal) => {
      this.child = null;
      if (this.stopped) return;
      if (Date.now() - startedAt >= this.backOff.resetAfterMs) {
        this.nextDelayMs = this.backOff.initialDelayMs;
      }
      const delayMs = this.nextDelayMs;
      this.nextDelayMs = Math.min(delayMs * 2, this.backOff.maxDelayMs);
      this.restartCount += 1;
      this.log(
        `The ${this.supervised.name} process stopped (${signal ?? `exit code ${code}`}); ` +
          `restart ${this.restartCount} in ${formatDelay(delayMs)}`,
      );
      this.restartTimer = setTimeout(() => {
        this.restartTimer = null;
        this.start();
      }, delayMs);
    });
  }

  /** Stops the child (SIGTERM, SIGKILL after 10 s) and never starts it again. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.restartTimer = null;
    if (this.child) await stopChild(this.child);
  }
}

function formatDelay(ms: number): string {
  return ms >= 1000 ? `${ms / 1000} s` : `${ms} ms`;
}
