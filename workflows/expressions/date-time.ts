/**
 * ISO-8601 dates and times for timers that wait until a moment (`timeDate`).
 *
 * Only a date and time with its offset names one moment everywhere: a local time would
 * depend on the machine's zone, and zone ids (`@Europe/Berlin`) would need a time zone
 * database inside the workflow. Both are refused with a message saying what to write.
 */
import { FeelDateTime } from 'feelin';

const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?(Z|[+-]\d{2}:\d{2})$/;
const MS_PER_MINUTE = 60_000;

/**
 * The moment as an ISO-8601 UTC string (`2030-01-31T08:00:00.000Z`), from such a string with
 * its offset or a feelin date and time (e.g. `date and time("2030-01-31T09:00:00+01:00")`).
 * Throws an Error saying why on anything else.
 */
export function dateTimeToIso(value: unknown): string {
  if (value instanceof FeelDateTime) return dateTimeToIso(value.toJSON());
  if (typeof value !== 'string') {
    throw new Error(
      `expected an ISO-8601 date and time such as "2030-01-31T09:00:00Z", got ${describe(value)}`,
    );
  }
  const text = value.trim();
  const match = DATE_TIME.exec(text);
  if (!match) {
    throw new Error(
      `"${value}" is not an ISO-8601 date and time with an offset, such as "2030-01-31T09:00:00Z" ` +
        'or "2030-01-31T09:00:00+01:00"',
    );
  }
  const [, year, month, day, hour, minute, second = '0', fraction = '', offset] = match;
  const [y, mo, d, h, mi, s] = [year, month, day, hour, minute, second].map(Number);
  const utc = Date.UTC(y, mo - 1, d, h, mi, s, Number(fraction.padEnd(3, '0').slice(0, 3)));
  const check = new Date(utc);
  const valid =
    check.getUTCFullYear() === y &&
    check.getUTCMonth() === mo - 1 &&
    check.getUTCDate() === d &&
    h < 24 &&
    mi < 60 &&
    s < 60;
  if (!valid) throw new Error(`"${value}" is not a valid date and time`);
  return new Date(utc - offsetMinutes(offset) * MS_PER_MINUTE).toISOString();
}

function offsetMinutes(offset: string): number {
  if (offset === 'Z') return 0;
  const sign = offset.startsWith('-') ? -1 : 1;
  const [hours, minutes] = offset.slice(1).split(':').map(Number);
  return sign * (hours * 60 + minutes);
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  return typeof value === 'object' ? 'an object' : `the ${typeof value} ${String(value)}`;
}
