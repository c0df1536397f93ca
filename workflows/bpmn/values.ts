/** Values written in the diagram, checked at compile time. */
import type { ValueExpression } from '../engine/model';
import { dateTimeToIso } from '../expressions/date-time';
import { durationToMs } from '../expressions/duration';
import { checkExpression } from '../expressions/feel';
import type { BpmnElement } from './bpmn-element';
import type { Issues } from './issues';

/**
 * A value from the diagram, checked now so a running instance never meets a typo:
 * a `=` FEEL expression must parse, a literal duration or date and time must be ISO-8601.
 * Returns null for an absent or empty value, and after reporting an invalid one.
 */
export function checkedValue(
  value: string | undefined,
  kind: 'text' | 'duration' | 'dateTime',
  id: string,
  label: string,
  issues: Issues,
): ValueExpression | null {
  const written = present(value);
  if (written === null) return null;
  let problem: string | null;
  if (written.startsWith('=')) {
    problem = checkExpression(written.slice(1));
  } else {
    problem = kind === 'text' ? null : literalProblem(kind, written);
  }
  if (problem === null) return written;
  issues.error(id, `${label}: ${problem}`);
  return null;
}

function literalProblem(kind: 'duration' | 'dateTime', text: string): string | null {
  try {
    if (kind === 'duration') durationToMs(text);
    else dateTimeToIso(text);
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}

export function nameOf(element: BpmnElement): string | null {
  return present(element.name);
}

/** The value as written, or null when absent or blank. */
export function present(value: string | undefined): string | null {
  return value === undefined || value.trim() === '' ? null : value;
}
