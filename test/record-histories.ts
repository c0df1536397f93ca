/**
 * Records the Temporal histories the end-to-end tests leave on their throwaway Temporal server,
 * for the replay test (`workflows/temporal/replay.spec.ts`): `npm run record:histories` runs the
 * e2e files with FLOWCARD_RECORD_HISTORIES set, and the global teardown calls this before it
 * stops the server. Every process the tests ran gets up to `RUNS_PER_PROCESS` runs, in the order
 * they started, each in `workflows/test/histories/<process id>-<n>.json`.
 */
import { Client, Connection, type WorkflowExecutionInfo } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROCESS_WORKFLOW_TYPE, type ProcessInstanceInput } from '#workflows/temporal/contract';
import { historyToFile } from '#workflows/test/history-files';

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
      query: `WorkflowType = '${PROCESS_WORKFLOW_TYPE}'`,
    })) {
      runs.push(run);
    }
    runs.sort((a, b) => a.startTime.getTime() - b.startTime.getTime());

    mkdirSync(HISTORIES_DIR, { recursive: true });
    for (const file of readdirSync(HISTORIES_DIR)) {
      if (file.endsWith('.json')) rmSync(join(HISTORIES_DIR, file));
    }
    const recorded = new Map<string, number>();
    for (const run of runs) {
      const history = await client.workflow.getHandle(run.workflowId, run.runId).fetchHistory();
      const events = history.events ?? [];
      if (events.length > MAX_EVENTS) continue;
      const started = events[0]?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0];
      if (!started) continue;
      const input = defaultPayloadConverter.fromPayload<ProcessInstanceInput>(started);
      const count = (recorded.get(input.model.processId) ?? 0) + 1;
      if (count > RUNS_PER_PROCESS) continue;
      recorded.set(input.model.processId, count);
      writeFileSync(
        join(HISTORIES_DIR, `${input.model.processId}-${count}.json`),
        historyToFile(history),
      );
    }
    const total = [...recorded.values()].reduce((sum, count) => sum + count, 0);
    console.log(`recorded ${total} histories of ${recorded.size} processes in ${HISTORIES_DIR}`);
  } finally {
    await connection.close();
  }
}
