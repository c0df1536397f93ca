/**
 * Determinism across upgrades: every recorded history in workflows/test/histories (written by
 * `npm run record:histories` from the e2e runs) replays against the workflow code as it is now.
 * A change to the engine or to this shell that would make a running instance take another path
 * fails here; docs/reliability.md says how to make such a change safely.
 */
import { defaultPayloadConverter } from '@temporalio/common';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { historyFromFile } from '../test/history-files';
import type { ProcessInstanceInput } from './contract';

jest.setTimeout(180_000);

// The replay worker logs each start and stop at INFO.
Runtime.install({ logger: new DefaultLogger('WARN') });

const historiesDir = join(__dirname, '../test/histories');
/**
 * The recorded runs, and in `legacy/` runs of workflow code from before a patch (recorded once
 * by hand with that code; `npm run record:histories` leaves them alone).
 */
const recorded = ['', 'legacy']
  .map((folder) => join(historiesDir, folder))
  .flatMap((dir) =>
    readdirSync(dir)
      .filter((file) => file.endsWith('.json'))
      .sort()
      .map((file) => ({
        workflowId: file.slice(0, -'.json'.length),
        history: historyFromFile(readFileSync(join(dir, file), 'utf8')),
      })),
  );

const eventsOf = (history: (typeof recorded)[number]['history']) => history.events ?? [];

function inputOf(history: (typeof recorded)[number]['history']): ProcessInstanceInput {
  const payload = eventsOf(history)[0]?.workflowExecutionStartedEventAttributes?.input?.payloads;
  if (!payload?.[0]) throw new Error('a recorded history starts without the workflow input');
  return defaultPayloadConverter.fromPayload<ProcessInstanceInput>(payload[0]);
}

it('replays every recorded history with the current workflow code', async () => {
  const failures: string[] = [];
  let replayed = 0;
  for await (const result of Worker.runReplayHistories(
    { workflowsPath: require.resolve('./workflows'), replayName: 'flowcard-replay' },
    recorded,
  )) {
    replayed++;
    if (result.error) failures.push(`${result.workflowId}: ${result.error.message}`);
  }
  expect(failures).toEqual([]);
  expect(replayed).toBe(recorded.length);
});

describe('the recorded histories', () => {
  const updates = new Set(
    recorded.flatMap(({ history }) =>
      eventsOf(history).map(
        (event) =>
          event.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.name,
      ),
    ),
  );
  const kinds = new Set<string>(
    recorded.flatMap(({ history }) =>
      Object.values(inputOf(history).model.nodes).map((node) => node.kind),
    ),
  );

  it('complete user tasks, deliver messages and signals, change variables and cancel', () => {
    for (const update of [
      'completeUserTask',
      'deliverMessage',
      'deliverSignal',
      'changeVariables',
      'cancelInstance',
      'migrateInstance',
    ]) {
      expect([update, updates.has(update)]).toEqual([update, true]);
    }
  });

  it('fire timers', () => {
    const fired = recorded.filter(({ history }) =>
      eventsOf(history).some((event) => event.timerFiredEventAttributes),
    );
    expect(fired.length).toBeGreaterThan(0);
  });

  it('run boundary events and subprocesses', () => {
    for (const kind of [
      'boundaryTimer',
      'boundaryError',
      'boundaryEscalation',
      'boundarySignal',
      'subProcess',
      'messageCatch',
      'eventBasedGateway',
      'inclusiveGateway',
    ]) {
      expect([kind, kinds.has(kind)]).toEqual([kind, true]);
    }
  });

  it('continue as new, and resume from a run that did', () => {
    const continued = recorded.filter(({ history }) =>
      eventsOf(history).some((event) => event.workflowExecutionContinuedAsNewEventAttributes),
    );
    const resumed = recorded.filter(({ history }) => inputOf(history).resumed !== undefined);
    expect(continued.length).toBeGreaterThan(0);
    expect(resumed.length).toBeGreaterThan(0);
  });
});
