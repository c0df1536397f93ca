/**
 * A completion checked against the outputs its user task declares. The server asks before it
 * calls the engine (to answer 400 naming the field), and the engine's `validateEvent` asks again,
 * so no other path can set an undeclared or mistyped variable.
 */
import { dateTimeToIso } from '../expressions/date-time';
import type { TaskOutput } from './model';
import type { Variables } from './types';

export type OutputProblemKind = 'undeclared' | 'missing' | 'invalid';

export interface OutputProblem {
  field: string;
  kind: OutputProblemKind;
  message: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
/**
 * A time of day, with the offset form-js writes by default (`09:30+01:00`, its "UTC offset"
 * format), `Z` ("UTC normalized") or none ("No timezone").
 */
const TIME = /^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d+)?)?(Z|[+-](0\d|1[0-4]):[0-5]\d)?$/;
/** A date and time without an offset, as form-js writes one with "No timezone". */
const LOCAL_DATE_TIME = /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d+)?)?$/;

/** Every problem of the completion's variables; none when `outputs` is undefined (nothing declared). */
export function outputProblems(
  outputs: TaskOutput[] | undefined,
  variables: Variables,
): OutputProblem[] {
  if (outputs === undefined) return [];
  const declared = new Map(outputs.map((output) => [output.name, output]));
  const problems: OutputProblem[] = [];
  for (const field of Object.keys(variables)) {
    if (!declared.has(field)) {
      problems.push({
        field,
        kind: 'undeclared',
        message: `"${field}" is not an output of this task; it may set ${describeNames(outputs)}`,
      });
    }
  }
  for (const output of outputs) {
    const value = variables[output.name];
    if (value === undefined || value === null || value === '') {
      if (output.required) {
        problems.push({
          field: output.name,
          kind: 'missing',
          message: `"${output.name}" is required`,
        });
      }
      continue;
    }
    const problem = valueProblem(output, value);
    if (problem !== null) {
      problems.push({
        field: output.name,
        kind: 'invalid',
        message: `"${output.name}" ${problem}`,
      });
    }
  }
  return problems;
}

/** The problems as one sentence, for the engine's refusal. */
export function describeProblems(problems: OutputProblem[]): string {
  return problems.map((problem) => problem.message).join('; ');
}

function valueProblem(output: TaskOutput, value: unknown): string | null {
  const typeProblem = wrongType(output, value);
  if (typeProblem !== null) return typeProblem;
  if (output.values && !output.values.some((allowed) => allowed === value)) {
    return `must be one of ${output.values.map((allowed) => JSON.stringify(allowed)).join(', ')}`;
  }
  if (typeof value === 'number') {
    if (output.min !== undefined && value < output.min) return `must be at least ${output.min}`;
    if (output.max !== undefined && value > output.max) return `must be at most ${output.max}`;
  }
  if (typeof value === 'string') {
    if (output.minLength !== undefined && value.length < output.minLength) {
      return `must have at least ${output.minLength} characters`;
    }
    if (output.maxLength !== undefined && value.length > output.maxLength) {
      return `must have at most ${output.maxLength} characters`;
    }
  }
  return null;
}

function wrongType(output: TaskOutput, value: unknown): string | null {
  switch (output.type) {
    case 'string':
      return typeof value === 'string' ? null : `must be text, got ${describe(value)}`;
    case 'number':
      return typeof value === 'number' && Number.isFinite(value)
        ? null
        : `must be a number, got ${describe(value)}`;
    case 'boolean':
      return typeof value === 'boolean' ? null : `must be true or false, got ${describe(value)}`;
    case 'date':
      return typeof value === 'string' && DATE.test(value) && isRealDate(value)
        ? null
        : `must be a date such as "2030-01-31", got ${describe(value)}`;
    case 'time':
      return typeof value === 'string' && TIME.test(value)
        ? null
        : `must be a time such as "09:30" or "09:30+01:00", got ${describe(value)}`;
    case 'dateTime':
      return isDateTime(value)
        ? null
        : `must be a date and time with its offset such as "2030-01-31T09:00:00Z", got ${describe(value)}`;
    case 'localDateTime':
      return isLocalDateTime(value)
        ? null
        : `must be a date and time without an offset such as "2030-01-31T09:30", got ${describe(value)}`;
  }
}

function isRealDate(text: string): boolean {
  const parsed = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(text);
}

function isLocalDateTime(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  const date = LOCAL_DATE_TIME.exec(value)?.[1];
  return date !== undefined && isRealDate(date);
}

function isDateTime(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  try {
    dateTimeToIso(value);
    return true;
  } catch {
    return false;
  }
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object' && value !== null) return 'an object';
  return JSON.stringify(value);
}

function describeNames(outputs: TaskOutput[]): string {
  return outputs.length === 0 ? 'nothing' : outputs.map((output) => `"${output.name}"`).join(', ');
}
