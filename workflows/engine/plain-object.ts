/**
 * True for `{...}` objects (not arrays, class instances or null), from any realm:
 * the Temporal workflow sandbox has its own `Object`, so `instanceof` would mislead.
 */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === null || Object.getPrototypeOf(prototype) === null;
}
