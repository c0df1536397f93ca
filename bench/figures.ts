/** What the benchmarks share: reading their options and summarising timings. */

/** `--name N` from the command line, a positive whole number. */
export function option(name: string, fallback: number): number {
  return optionalOption(name) ?? fallback;
}

/** `--name N` from the command line when given, a positive whole number; else null. */
export function optionalOption(name: string): number | null {
  const text = textOption(name);
  if (text === null) return null;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`--${name} takes a positive whole number`);
  return value;
}

/** `--name` given on the command line, a switch without a value. */
export function flagOption(name: string): boolean {
  return process.argv.includes(`--${name}`);
}

/** `--name value` from the command line when given; else null. */
export function textOption(name: string): string | null {
  const index = process.argv.indexOf(`--${name}`);
  if (index < 0) return null;
  const value = process.argv[index + 1];
  if (value === undefined || value.startsWith('--')) throw new Error(`--${name} takes a value`);
  return value;
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** A row of the printed figures: `label   p50 … ms   p95 … ms`. */
export function timingRow(label: string, values: number[]): string {
  const at = (p: number) => percentile(values, p).toFixed(1).padStart(8);
  return `  ${label.padEnd(58)} p50 ${at(50)} ms   p95 ${at(95)} ms`;
}

export interface LoadShape {
  concurrency: number;
  /** Run this many, or else as many as start within `durationMs`. */
  instances: number | null;
  durationMs: number | null;
}

/**
 * Runs `runOne` with `concurrency` in flight until `instances` have run, or until
 * `durationMs` has passed (those in flight then finish). Returns their results and the wall
 * time from the first start to the last end.
 */
export async function runLoad<T>(
  shape: LoadShape,
  runOne: (index: number) => Promise<T>,
): Promise<{ results: T[]; wallSeconds: number }> {
  const results: T[] = [];
  const started = performance.now();
  const deadline = shape.durationMs === null ? Infinity : started + shape.durationMs;
  const limit = shape.instances ?? Infinity;
  let next = 0;
  const more = () => next < limit && performance.now() < deadline;
  await Promise.all(
    Array.from({ length: Math.min(shape.concurrency, limit) }, async () => {
      while (more()) results.push(await runOne(next++));
    }),
  );
  return { results, wallSeconds: (performance.now() - started) / 1000 };
}

/**
 * Open loop: starts `runOne` `count` times at a fixed rate (the i-th at i / rate seconds),
 * whatever the ones already started are doing, and waits for all. Returns their results, the
 * wall time from the first start to the last end and the most that were in flight at once.
 */
export async function runOpenLoop<T>(
  ratePerSecond: number,
  count: number,
  runOne: (index: number) => Promise<T>,
): Promise<{ results: T[]; wallSeconds: number; maxInFlight: number }> {
  const started = performance.now();
  const running: Promise<T>[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  let failed = false;
  for (let index = 0; index < count && !failed; index++) {
    const due = started + (index * 1000) / ratePerSecond;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    const run = runOne(index).finally(() => inFlight--);
    // Handled here so a failure stops the starts at once; Promise.all below reports it.
    run.catch(() => (failed = true));
    running.push(run);
  }
  const results = await Promise.all(running);
  return { results, wallSeconds: (performance.now() - started) / 1000, maxInFlight };
}
