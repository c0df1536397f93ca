/**
 * Records the Temporal histories the end-to-end tests leave on their throwaway Temporal server,
 * for the replay test (`workflows/temporal/replay.spec.ts`): `npm run record:histories` runs the
 * e2e files with FLOWCARD_RECORD_HISTORIES set, and the global teardown calls this before it
 * stops the server.
 *
 * The files already there stay as they are: they stand for instances that ran with older code.
 * A run (of an instance, or a fire of a timer start schedule) is added when it shows something
 * no kept history shows (a process, an element kind, an update, a kind of history event, a
 * child run, a resumed run) or while its process has fewer than `RUNS_PER_PROCESS` histories,
 * in the order the runs started, as `workflows/test/histories/<process id>-<n>.json` with the
 * next free `n` (`<process id>-timer-start-<n>.json` for a schedule's fire).
 */
import { Client, Connection, type WorkflowExecutionInfo } from '@temporalio/client';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROCESS_WORKFLOW_TYPE } from '#workflows/temporal/contract';
import { TIMER_START_WORKFLOW_TYPE } from '#workflows/temporal/timer-start-contract';
import {
  historyFeatures,
  historyFromFile,
  historyToFile,
  type RecordedRun,
} from '#workflows/test/history-files';

const HISTORIES_DIR = join(__dirname, '../workflows/test/histories');
/** Enough to keep the paths the tests take through one diagram, few enough to commit. */
const RUNS_PER_PROCESS = 3;
/** A longer run adds size, not coverage. */
const MAX_EVENTS = 400;

export async function recordHistories(temporalAddress: string, namespace = 'default') {
  const connection = await Connection.connect({ address: temporalAddress });
  try {
    const client = new Client({ connection, namespace });
    const runs: WorkflowExecutionInfo[] = [];
    for await (const run of client.workflow.list({
      query: `WorkflowType = '${PROCESS_WORKFLOW_TYPE}' OR WorkflowType = '${TIMER_START_WORKFLOW_TYPE}'`,
    })) {
      runs.push(run);
    }
    runs.sort((a, b) => a.startTime.getTime() - b.startTime.getTime());

    mkdirSync(HISTORIES_DIR, { recursive: true });
    const kept = keptHistories();
    const shown = new Set(kept.flatMap(({ features }) => [...features]));
    const perStem = new Map<string, number>();
    for (const { stem } of kept) perStem.set(stem, (perStem.get(stem) ?? 0) + 1);

    let added = 0;
    for (const run of runs) {
      const history = await client.workflow.getHandle(run.workflowId, run.runId).fetchHistory();
      if ((history.events ?? []).length > MAX_EVENTS) continue;
      const recorded = historyFeatures(history);
      if (!recorded) continue;
      const count = perStem.get(recorded.stem) ?? 0;
      const showsMore = [...recorded.features].some((feature) => !shown.has(feature));
      if (!showsMore && count >= RUNS_PER_PROCESS) continue;
      perStem.set(recorded.stem, count + 1);
      for (const feature of recorded.features) shown.add(feature);
      writeFileSync(join(HISTORIES_DIR, freeFileName(recorded.stem)), historyToFile(history));
      added++;
    }
    console.log(`added ${added} histories to the ${kept.length} in ${HISTORIES_DIR}`);
  } finally {
    await connection.close();
  }
}

function keptHistories(): RecordedRun[] {
  return readdirSync(HISTORIES_DIR)
    .filter((file) => file.endsWith('.json'))
    .flatMap((file) => {
      const recorded = historyFeatures(
        historyFromFile(readFileSync(join(HISTORIES_DIR, file), 'utf8')),
      );
      return recorded ? [recorded] : [];
    });
}

function freeFileName(stem: string): string {
  for (let n = 1; ; n++) {
    const file = `${stem}-${n}.json`;
    if (!existsSync(join(HISTORIES_DIR, file))) return file;
  }
}
