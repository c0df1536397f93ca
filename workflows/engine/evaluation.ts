/**
 * Evaluating the diagram's values against the instance variables. An error here is the
 * diagram's or the data's, never the engine's: it raises an incident, naming the element.
 */
import { dateTimeToIso } from '../expressions/date-time';
import { durationToMs } from '../expressions/duration';
import { evaluateValue } from '../expressions/feel';
import { InstanceFailure } from './failure';
import type { ValueExpression } from './model';
import type { Variables } from './types';

/** Evaluates a value that must be text, or null when absent or yielding null. */
export function optionalText(
  variables: Variables,
  elementId: string,
  label: string,
  expr: ValueExpression | null,
): string | null {
  if (expr === null) return null;
  const value = attempt(elementId, label, () => evaluateValue(expr, variables));
  if (value === null || typeof value === 'string') return value;
  throw new InstanceFailure(
    elementId,
    `${label} must be text, got ${JSON.stringify(value)}`,
    'EXPRESSION_FAILED',
  );
}

export function requiredText(
  variables: Variables,
  elementId: string,
  label: string,
  expr: ValueExpression,
): string {
  const value = optionalText(variables, elementId, label, expr);
  if (value === null || value === '') {
    throw new InstanceFailure(
      elementId,
      `${label} evaluated to ${value === null ? 'null' : 'empty text'}`,
      'EXPRESSION_FAILED',
    );
  }
  return value;
}

/** Evaluates an optional duration to milliseconds; an expression yielding null means none. */
export function duration(
  variables: Variables,
  elementId: string,
  label: string,
  expr: ValueExpression | null,
): number | null {
  if (expr === null) return null;
  return attempt(elementId, label, () => {
    const value = evaluateValue(expr, variables);
    return value === null ? null : durationToMs(value);
  });
}

/** Evaluates a moment to its ISO-8601 UTC string; null when the expression yields null. */
export function dateTime(
  variables: Variables,
  elementId: string,
  label: string,
  expr: ValueExpression,
): string | null {
  return attempt(elementId, label, () => {
    const value = evaluateValue(expr, variables);
    return value === null ? null : dateTimeToIso(value);
  });
}

/** Runs an evaluation whose errors are the diagram's or the data's: they raise an incident. */
export function attempt<T>(elementId: string, what: string, evaluation: () => T): T {
  try {
    return evaluation();
  } catch (error) {
    throw new InstanceFailure(
      elementId,
      `${what}: ${error instanceof Error ? error.message : String(error)}`,
      'EXPRESSION_FAILED',
    );
  }
}
