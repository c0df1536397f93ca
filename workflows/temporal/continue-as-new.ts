/**
 * Long-lived instances: when the process workflow continues as new, and what a new run carries.
 *
 * Temporal ends a run whose history passes its limits (51,200 events or 50 MB by default). A
 * process with a loop or a long life gets there, so the workflow starts a new run of itself under
 * the same workflow id once Temporal suggests it or the history passes a threshold, carrying the
 * engine state, the model and the open timers. Callers address the workflow by id alone, so
 * updates and queries reach whichever run is the latest.
 */
import { allHandlersFinished, workflowInfo } from '@temporalio/workflow';
import type { CarriedTimer } from './contract';

/**
 * The patch marker of continue-as-new. A run started by older workflow code never continues as
 * new: replaying its history, `patched` answers false, so a worker with this code does not issue
 * a command that history lacks (which Temporal would refuse as nondeterminism).
 */
export const CONTINUE_AS_NEW_PATCH = 'continue-as-new';

/** History events after which a run continues as new, unless the input says otherwise. */
export const DEFAULT_HISTORY_EVENTS_LIMIT = 10_000;

/** Whether this run's history is long enough to go on in a new run. */
export function historyFull(historyEventsLimit = DEFAULT_HISTORY_EVENTS_LIMIT): boolean {
  const info = workflowInfo();
  return info.continueAsNewSuggested || info.historyLength >= historyEventsLimit;
}

/**
 * Nothing is half done: no engine step is running or queued and no update handler is still
 * running, so the state carried over is the whole truth and no caller loses its answer.
 */
export function settled(pendingSteps: number): boolean {
  return pendingSteps === 0 && allHandlersFinished();
}

/**
 * When each open Temporal timer fires, in workflow time (`Date.now()` in workflow code is the
 * deterministic time of the workflow task, the same on replay), so a new run sleeps only what
 * is left. A timer sleeps from the commit of the batch that started it; the workflow task began
 * before that batch ran, so the deadline counts from the later of the two and a carried timer
 * never fires before its time.
 */
export class TimerDeadlines {
  private readonly firesAt = new Map<string, number>();

  started(waitKey: string, sleepMs: number, committedAt: number | null): void {
    this.firesAt.set(waitKey, Math.max(Date.now(), committedAt ?? 0) + sleepMs);
  }

  /** A carried timer keeps the deadline it had in the run before. */
  carried(timer: CarriedTimer): void {
    this.firesAt.set(timer.waitKey, timer.firesAt);
  }

  ended(waitKey: string): void {
    this.firesAt.delete(waitKey);
  }

  /** The open timers for the next run, in the order they started. */
  open(): CarriedTimer[] {
    return [...this.firesAt].map(([waitKey, firesAt]) => ({ waitKey, firesAt }));
  }
}

/** How long a carried timer still sleeps in the new run; at least 1 ms, as Temporal needs. */
export function remainingMs(timer: CarriedTimer): number {
  return Math.max(1, timer.firesAt - Date.now());
}
