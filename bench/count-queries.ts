/**
 * Preloaded (`--require`) into the processes `bench/request-cost.ts` measures: counts every
 * statement node-postgres sends (each one a round trip), by its text. On SIGWINCH (ignored by
 * default, and not among the signals Nest shuts down on, unlike SIGUSR2) it writes what
 * it counted since the previous signal to `<FLOWCARD_QUERY_COUNT_DIR>/<pid>.json` and starts
 * counting afresh.
 */
import { renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';

export interface QueryCount {
  /** Increases with every report, so a reader knows a report is new. */
  report: number;
  statements: number;
  /** Statements by their text (whitespace folded), in the order first seen. */
  byText: Record<string, number>;
}

const directory = process.env.FLOWCARD_QUERY_COUNT_DIR;
if (directory) {
  let report = 0;
  let statements = 0;
  let byText = new Map<string, number>();
  const query = Client.prototype.query;
  Client.prototype.query = function countedQuery(this: Client, ...args: unknown[]) {
    const config = args[0];
    const text =
      typeof config === 'string' ? config : ((config as { text?: string } | null)?.text ?? '');
    const folded = text.replace(/\s+/g, ' ').trim();
    statements++;
    byText.set(folded, (byText.get(folded) ?? 0) + 1);
    return (query as (...params: unknown[]) => unknown).apply(this, args);
  } as typeof Client.prototype.query;
  process.on('SIGWINCH', () => {
    report++;
    const counted: QueryCount = { report, statements, byText: Object.fromEntries(byText) };
    // Whole or not at all: the reader polls for the file.
    const file = join(directory, `${process.pid}.json`);
    writeFileSync(`${file}.part`, JSON.stringify(counted));
    renameSync(`${file}.part`, file);
    statements = 0;
    byText = new Map();
  });
}
