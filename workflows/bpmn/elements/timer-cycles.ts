/**
 * Timer cycles (`timeCycle`), as Camunda 8 writes them: ISO-8601 repeating intervals
 * (`R5/PT1H`, `R/P1D` without end) and, on start events only, cron expressions.
 */
import type { IsoCycle, TimerCycle } from '../../engine/model';
import { durationToMs } from '../../expressions/duration';

const REPEATING_INTERVAL = /^R(\d*)\/(P[^/]+)$/;
/** Cron fields: numbers, names (MON, JAN), lists, ranges, steps, `*` and `?`. */
const CRON_FIELD = /^[0-9A-Za-z*?,/-]+$/;

/** The cycle, or why it is not one: an `R<n>/<duration>` or (with `cron`) a cron expression. */
export function parseCycle(text: string, cron: boolean): TimerCycle | string {
  const written = text.trim();
  if (written.startsWith('R')) return parseIsoCycle(written);
  if (!cron) {
    return `"${written}" is not an ISO-8601 repeating interval such as "R3/PT1H" (a cron cycle is supported on timer start events only)`;
  }
  const fields = written.split(/\s+/);
  if ((fields.length !== 5 && fields.length !== 6) || !fields.every((f) => CRON_FIELD.test(f))) {
    return `"${written}" is neither an ISO-8601 repeating interval such as "R3/PT1H" nor a cron expression of 5 or 6 fields`;
  }
  return { cron: fields.join(' ') };
}

function parseIsoCycle(text: string): IsoCycle | string {
  const match = REPEATING_INTERVAL.exec(text);
  if (!match) {
    return `"${text}" is not an ISO-8601 repeating interval of the form R<n>/<duration> (e.g. "R3/PT1H", "R/P1D"); a start date in the cycle is not supported`;
  }
  const repetitions = match[1] === '' ? null : Number(match[1]);
  if (repetitions === 0) return `"${text}" repeats 0 times`;
  let intervalMs: number;
  try {
    intervalMs = durationToMs(match[2]);
  } catch (error) {
    return (error as Error).message;
  }
  if (intervalMs <= 0) return `"${text}" repeats every 0 seconds`;
  return { repetitions, intervalMs };
}
