/**
 * Process variables are checked at the edge (start, task completion, variable change), before they
 * reach Temporal: a value Postgres' jsonb refuses would otherwise stop the instance's next batch at an incident
 * on every retry. `StorableVariables` is the DTO decorator; `variablesProblem` the pure check.
 */
import { registerDecorator, ValidationArguments } from 'class-validator';
import { INSTANCE_ERRORS } from './instances/instances.errors';

export interface VariableLimits {
  /** Bytes of the variables as JSON (UTF-8). */
  maxBytes: number;
  /** Levels of objects and arrays; the variables object itself is level 1. */
  maxDepth: number;
  /** Object keys and array items, counted over the whole value. */
  maxEntries: number;
}

export function variableLimits(env: NodeJS.ProcessEnv = process.env): VariableLimits {
  return {
    maxBytes: Number(env.FLOWCARD_VARIABLES_MAX_BYTES ?? 256 * 1024),
    maxDepth: Number(env.FLOWCARD_VARIABLES_MAX_DEPTH ?? 32),
    maxEntries: Number(env.FLOWCARD_VARIABLES_MAX_ENTRIES ?? 10_000),
  };
}

/** Where a value breaks the rules and why, `path` written as in JavaScript: `variables.a[2].b`. */
export interface VariablesProblem {
  path: string;
  reason: string;
}

// NUL, which jsonb cannot hold in text, and lone surrogates, which JSON.stringify escapes and jsonb
// refuses in that form.
const UNSTORABLE_TEXT =
  // eslint-disable-next-line no-control-regex
  /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** The first problem of `value` as process variables under `limits`, or null when storable. */
export function variablesProblem(
  value: unknown,
  limits: VariableLimits,
  path = 'variables',
): VariablesProblem | null {
  if (!isPlainObject(value)) return { path, reason: 'must be a JSON object' };
  const entries = { count: 0 };
  const problem = valueProblem(value, path, 1, limits, entries);
  if (problem) return problem;
  const bytes = Buffer.byteLength(JSON.stringify(value), 'utf8');
  if (bytes > limits.maxBytes) {
    return { path, reason: `is ${bytes} bytes as JSON; at most ${limits.maxBytes} are allowed` };
  }
  return null;
}

function valueProblem(
  value: unknown,
  path: string,
  depth: number,
  limits: VariableLimits,
  entries: { count: number },
): VariablesProblem | null {
  if (value === null || typeof value === 'boolean') return null;
  if (typeof value === 'number') {
    return Number.isFinite(value) ? null : { path, reason: 'must be a finite number' };
  }
  if (typeof value === 'string') {
    return UNSTORABLE_TEXT.test(value)
      ? { path, reason: 'contains a NUL character or a lone UTF-16 surrogate' }
      : null;
  }
  const isArray = Array.isArray(value);
  if (!isArray && !isPlainObject(value)) return { path, reason: 'is not a JSON value' };
  if (depth > limits.maxDepth) {
    return { path, reason: `nests deeper than ${limits.maxDepth} levels` };
  }
  const children: [string, unknown][] = isArray
    ? value.map((item, index) => [`${path}[${index}]`, item])
    : Object.entries(value).map(([key, item]) => [childPath(path, key), item]);
  entries.count += children.length;
  if (entries.count > limits.maxEntries) {
    return { path, reason: `holds more than ${limits.maxEntries} keys and items in all` };
  }
  if (!isArray) {
    const badKey = Object.keys(value).find((key) => UNSTORABLE_TEXT.test(key));
    if (badKey !== undefined) {
      return {
        path: childPath(path, badKey),
        reason: 'is a key with a NUL character or a lone UTF-16 surrogate',
      };
    }
  }
  for (const [childAt, child] of children) {
    const problem = valueProblem(child, childAt, depth + 1, limits, entries);
    if (problem) return problem;
  }
  return null;
}

function childPath(path: string, key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/**
 * Process variables as a DTO field: an object that Postgres can store, within the limits. A
 * violation answers 400 `VARIABLES_INVALID` naming the path (see `validationPipe`). Whether the
 * field is an object at all is `@IsObject()`'s to say (400 VALIDATION_FAILED), beside it.
 */
export function StorableVariables(): PropertyDecorator {
  return (target, propertyName) => {
    const problemOf = (args: ValidationArguments) =>
      variablesProblem(args.value, variableLimits(), args.property);
    registerDecorator({
      name: 'storableVariables',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { context: { errorCode: INSTANCE_ERRORS.VARIABLES_INVALID } },
      validator: {
        validate: (value: unknown, args: ValidationArguments) =>
          typeof value !== 'object' ||
          value === null ||
          Array.isArray(value) ||
          problemOf(args) === null,
        defaultMessage: (args: ValidationArguments) => {
          const problem = problemOf(args);
          return problem ? `${problem.path} ${problem.reason}` : `${args.property} is invalid`;
        },
      },
    });
  };
}
