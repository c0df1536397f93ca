/**
 * Golden files pin down output that must not change by accident: running Temporal
 * workflows replay the engine, and every deployed definition stores the compiler's model.
 * A test checks each scenario's output against the file, key order included;
 * `UPDATE_GOLDEN=1 npx jest <spec>` rewrites the file instead, for a change that is meant
 * to alter the output (then review its diff). Prettier leaves golden files as written.
 */
import { expect } from '@jest/globals';
import { readFileSync, writeFileSync } from 'node:fs';

const updating = process.env.UPDATE_GOLDEN === '1';

export class GoldenFile {
  private readonly golden: Record<string, unknown>;
  private readonly recorded: Record<string, unknown> = {};

  constructor(private readonly path: string) {
    this.golden = updating
      ? {}
      : (JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>);
  }

  /** The scenario names the file holds, to check that none is left unchecked. */
  names(): string[] {
    return Object.keys(this.golden);
  }

  check(name: string, actual: unknown): void {
    const serialized = JSON.stringify(actual);
    if (updating) {
      this.recorded[name] = JSON.parse(serialized);
      return;
    }
    expect(this.golden).toHaveProperty([name]);
    expect(JSON.parse(serialized)).toEqual(this.golden[name]);
    expect(serialized).toBe(JSON.stringify(this.golden[name]));
  }

  /** Writes what was recorded when updating; call it after all checks. */
  save(): void {
    if (updating) writeFileSync(this.path, `${JSON.stringify(this.recorded, null, 1)}\n`);
  }
}
