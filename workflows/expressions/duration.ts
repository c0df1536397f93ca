/**
 * ISO-8601 durations as used for timers and due dates (`PT5S`, `P7D`, `P1DT2H`, `P1W`).
 *
 * Years and months are rejected rather than guessed: their length varies, and a timer
 * that silently means "30 days" for `P1M` would surprise someone. Write `P30D` instead.
 * Only the seconds may carry a fraction (`PT0.5S`); negative durations are rejected.
 */
import { FeelDuration } from 'feelin';

const MS_PER_SECOND = 1000;
const MS_PER_MINUTE = 60 * MS_PER_SECOND;
const MS_PER_HOUR = 60 * MS_PER_MINUTE;
const MS_PER_DAY = 24 * MS_PER_HOUR;

const WEEKS = /^P(\d+)W$/;
const DAYS_AND_TIME = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:[.,]\d+)?)S)?)?$/;
const YEARS_OR_MONTHS = /^-?P(?:\d+Y|(?:\d+Y)?\d+M)/;

/**
 * Milliseconds in an ISO-8601 duration string or a feelin duration value
 * (e.g. the result of `duration("P7D")`). Throws an Error saying why on anything else.
 */
export function durationToMs(value: unknown): number {
  if (value instanceof FeelDuration) return durationToMs(value.toJSON());
  if (typeof value !== 'string') {
    throw new Error(`expected an ISO-8601 duration such as "P7D", got ${describe(value)}`);
  }
  const text = value.trim();
  if (YEARS_OR_MONTHS.test(text)) {
    throw new Error(
      `duration "${value}" uses years or months, whose length varies; use days instead (e.g. "P30D")`,
    );
  }
  if (text.startsWith('-')) throw new Error(`duration "${value}" is negative`);
  const ms = weeksToMs(text) ?? daysAndTimeToMs(text);
  if (ms === null) {
    throw new Error(`"${value}" is not an ISO-8601 duration such as "PT5S", "P7D" or "P1DT2H"`);
  }
  if (!Number.isSafeInteger(ms)) throw new Error(`duration "${value}" is too long`);
  return ms;
}

/** An ISO-8601 duration for milliseconds, in days and time (`P3653D`, `P1DT2H`, `PT0.5S`). */
export function msToDuration(ms: number): string {
  const days = Math.floor(ms / MS_PER_DAY);
  let rest = ms - days * MS_PER_DAY;
  const hours = Math.floor(rest / MS_PER_HOUR);
  rest -= hours * MS_PER_HOUR;
  const minutes = Math.floor(rest / MS_PER_MINUTE);
  const seconds = (rest - minutes * MS_PER_MINUTE) / MS_PER_SECOND;
  const time = [
    hours > 0 ? `${hours}H` : '',
    minutes > 0 ? `${minutes}M` : '',
    seconds > 0 ? `${seconds}S` : '',
  ].join('');
  if (time === '') return `P${days}D`;
  return `P${days > 0 ? `${days}D` : ''}T${time}`;
}

function weeksToMs(text: string): number | null {
  const match = WEEKS.exec(text);
  return match ? Number(match[1]) * 7 * MS_PER_DAY : null;
}

function daysAndTimeToMs(text: string): number | null {
  const match = DAYS_AND_TIME.exec(text);
  // "P" and "PT" match the pattern but name no amount at all.
  if (!match || text === 'P' || text.endsWith('T')) return null;
  const [, days, hours, minutes, seconds] = match;
  return (
    Number(days ?? 0) * MS_PER_DAY +
    Number(hours ?? 0) * MS_PER_HOUR +
    Number(minutes ?? 0) * MS_PER_MINUTE +
    Math.round(Number((seconds ?? '0').replace(',', '.')) * MS_PER_SECOND)
  );
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  return typeof value === 'object' ? 'an object' : `the ${typeof value} ${String(value)}`;
}
