/**
 * FEEL expressions (via feelin, a pure interpreter that also bundles into the Temporal
 * workflow sandbox). Expressions are only ever interpreted, never `eval`ed.
 *
 * Results leave this module as plain JSON data: FEEL dates, times and durations become
 * their ISO-8601 strings; ranges and functions are refused, since they could be neither
 * stored in a variable nor written to the database.
 */
import {
  evaluate,
  FeelDate,
  FeelDateTime,
  FeelDuration,
  FeelTime,
  isFunction,
  isRange,
  parseExpression,
  type Warning,
} from 'feelin';
import type { ValueExpression } from '../engine/model';
import { isPlainObject } from '../engine/plain-object';
import type { Variables } from '../engine/types';

/** A syntax problem in a FEEL expression, or null when it parses. Used by the compiler. */
export function checkExpression(source: string): string | null {
  if (source.trim() === '') return 'the FEEL expression is empty';
  let problem: string | null = null;
  parseExpression(source, {}, undefined).iterate({
    enter(node) {
      if (problem !== null) return false;
      if (!node.type.isError) return undefined;
      const unexpected = source.slice(node.from, Math.max(node.to, node.from + 1)).trim();
      problem = unexpected
        ? `FEEL syntax error at character ${node.from + 1} of "${source}": unexpected "${unexpected}"`
        : `FEEL syntax error: "${source}" is incomplete`;
      return false;
    },
  });
  return problem;
}

/**
 * The value of a diagram value: a `=`-prefixed FEEL expression evaluated against the
 * variables, anything else the literal string itself. Throws on a FEEL syntax error or a
 * result that is not plain data.
 */
export function evaluateValue(expr: ValueExpression, variables: Variables): unknown {
  if (!expr.startsWith('=')) return expr;
  const source = expr.slice(1);
  return toPlainData(evaluate(source, variables).value, source);
}

/**
 * Evaluates a sequence-flow condition. FEEL yields null when a comparison cannot be
 * made (a missing variable, mismatched types); that counts as false, so a default flow
 * catches it. Any other non-boolean result is a modelling error and throws.
 */
export function evaluateCondition(source: string, variables: Variables): boolean {
  const { value, warnings } = evaluate(source, variables);
  if (value === null || value === undefined) return false;
  if (typeof value !== 'boolean') {
    throw new Error(
      `condition "${source}" must be true or false, got ${JSON.stringify(toPlainData(value, source))}` +
        describeWarnings(warnings),
    );
  }
  return value;
}

function toPlainData(value: unknown, source: string): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`FEEL expression "${source}" yielded ${value}`);
    return value;
  }
  if (
    value instanceof FeelDate ||
    value instanceof FeelTime ||
    value instanceof FeelDateTime ||
    value instanceof FeelDuration
  ) {
    return value.toJSON();
  }
  if (Array.isArray(value)) return value.map((item) => toPlainData(item, source));
  if (isPlainObject(value)) {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, toPlainData(item, source)]),
    );
  }
  throw new Error(
    `FEEL expression "${source}" yielded ${describeKind(value)}, which is not plain data`,
  );
}

function describeKind(value: unknown): string {
  if (isRange(value)) return 'a range';
  if (isFunction(value) || typeof value === 'function') return 'a function';
  return `a ${typeof value}`;
}

function describeWarnings(warnings: Warning[]): string {
  return warnings.length === 0 ? '' : ` (${warnings.map((warning) => warning.message).join('; ')})`;
}
