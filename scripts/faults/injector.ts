/**
 * Kills Flowcard's processes with SIGKILL while the load runs and brings them back: the API and
 * the worker through their supervisors (as `npm start` does), Postgres and the Temporal dev
 * server by starting them again on the same data files and ports.
 */
import { Client as PgClient } from 'pg';
import { waitForPort } from '#scripts/lib/infra';
import { Supervisor } from '#scripts/lib/supervisor';
import { ServiceName, ThrowawayServices } from '#scripts/lib/throwaway';
import { pause } from './rest';

export type FaultTarget = 'worker' | 'api' | 'temporal' | 'postgres';

/**
 * When the kill comes: `random` at a random moment under load; `in-transaction` while the
 * worker (for the others, any Flowcard process) has a transaction open, i.e. during a batch;
 * `start-window` while a start has committed its row and not yet started its workflow.
 */
export type FaultMoment = 'random' | 'in-transaction' | 'start-window';

export interface PlannedFault {
  target: FaultTarget;
  moment: FaultMoment;
}

interface Snapshot {
  open: number;
  starting: number;
}

export interface InjectedFault extends PlannedFault {
  /** Seconds since the load began. */
  at: number;
  /** Whether the targeted moment was met before the kill (random: always). */
  hit: boolean;
  /** What the kill cut short, as read from Postgres just before it. */
  cut: string;
  /** Seconds until the process answered again. */
  downSeconds: number;
}

/** Per round, each process once, at the moments that matter for it, interleaved. */
const ROUND: PlannedFault[] = [
  { target: 'worker', moment: 'in-transaction' },
  { target: 'api', moment: 'start-window' },
  { target: 'temporal', moment: 'random' },
  { target: 'postgres', moment: 'in-transaction' },
  { target: 'worker', moment: 'random' },
  { target: 'api', moment: 'random' },
  { target: 'postgres', moment: 'random' },
  { target: 'temporal', moment: 'in-transaction' },
];

export function planFaults(rounds: number): PlannedFault[] {
  return Array.from({ length: rounds }, () => ROUND).flat();
}

/** The application names the API and the worker connect with (PGAPPNAME). */
export const APP_NAMES = { api: 'flowcard-api', worker: 'flowcard-worker' } as const;

/** How long a targeted moment is waited for before the kill happens anyway. */
const MOMENT_WAIT_MS = 20_000;

export class FaultInjector {
  readonly injected: InjectedFault[] = [];
  private monitor: Promise<PgClient> | null = null;

  constructor(
    private readonly services: ThrowawayServices,
    private readonly supervisors: { api: Supervisor; worker: Supervisor },
    private readonly apiPort: number,
    private readonly startedAt: number,
    private readonly log: (line: string) => void,
  ) {}

  async inject(planned: PlannedFault): Promise<void> {
    const at = (Date.now() - this.startedAt) / 1000;
    const { hit, snapshot } = await this.waitForMoment(planned);
    const downAt = Date.now();
    if (planned.target === 'api' || planned.target === 'worker') {
      await this.killSupervised(planned.target);
    } else {
      await this.killService(planned.target);
    }
    const cut = snapshot
      ? `${snapshot.open} transactions open, ${snapshot.starting} starts between commit and workflow.start`
      : 'Postgres did not answer';
    const fault = { ...planned, at, hit, cut, downSeconds: (Date.now() - downAt) / 1000 };
    this.injected.push(fault);
    this.log(
      `  fault ${this.injected.length}: kill -9 ${fault.target} at ${at.toFixed(1)} s ` +
        `(${fault.moment}${hit ? '' : ', moment not met'}; ${cut}); ` +
        `back after ${fault.downSeconds.toFixed(1)} s`,
    );
  }

  /**
   * Waits for the fault's moment, reading what a kill would cut short: the transactions open (of
   * the worker for a worker kill, else of the API and the worker) and the starts between commit
   * and `workflow.start`. The kill follows the snapshot that met the moment at once.
   */
  private async waitForMoment({
    target,
    moment,
  }: PlannedFault): Promise<{ hit: boolean; snapshot: Snapshot | null }> {
    const names = target === 'worker' ? [APP_NAMES.worker] : Object.values(APP_NAMES);
    if (moment === 'random') await pause(Math.random() * 1_000);
    const deadline = Date.now() + MOMENT_WAIT_MS;
    for (;;) {
      const snapshot = await this.snapshot(names);
      const hit =
        moment === 'random' ||
        (snapshot !== null &&
          (moment === 'start-window' ? snapshot.starting > 0 : snapshot.open > 0));
      if (hit || Date.now() > deadline) return { hit, snapshot };
      await pause(10);
    }
  }

  private async killSupervised(target: 'api' | 'worker'): Promise<void> {
    const supervisor = this.supervisors[target];
    const child = supervisor.current;
    if (!child) throw new Error(`the ${target} is not running`);
    const restarts = supervisor.restarts;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
    while (supervisor.restarts === restarts || !supervisor.current) await pause(20);
    if (target === 'api') await waitForPort(this.apiPort, 60_000);
  }

  private async killService(service: ServiceName): Promise<void> {
    await this.services.kill(service);
    // Down for a moment: the processes that need it meet refused connections.
    await pause(500 + Math.random() * 1_500);
    await this.services.restart(service);
    if (service === 'postgres') {
      while ((await this.snapshot([])) === null) await pause(100);
    }
  }

  /** Read on the injector's own connection; null while Postgres does not answer. */
  private async snapshot(applicationNames: string[]): Promise<Snapshot | null> {
    try {
      this.monitor ??= this.connectMonitor();
      const { rows } = await (
        await this.monitor
      ).query(
        `SELECT (SELECT count(*) FROM pg_stat_activity
                  WHERE application_name = ANY($1) AND xact_start IS NOT NULL)::int AS open,
                (SELECT count(*) FROM process_instances WHERE status = 'starting')::int AS starting`,
        [applicationNames],
      );
      return rows[0];
    } catch {
      const broken = this.monitor;
      this.monitor = null;
      void broken?.then((client) => client.end()).catch(() => undefined);
      return null;
    }
  }

  private async connectMonitor(): Promise<PgClient> {
    const client = new PgClient({ connectionString: this.services.databaseUrl });
    client.on('error', () => undefined);
    await client.connect();
    return client;
  }

  async close(): Promise<void> {
    await this.monitor?.then((client) => client.end()).catch(() => undefined);
  }
}
