/**
 * Determinism across upgrades: every recorded history in workflows/test/histories (written by
 * `npm run record:histories` from the e2e runs) replays against the workflow code as it is now.
 * A change to the engine or to this shell that would make a running instance take another path
 * fails here; docs/reliability.md says how to make such a change safely.
 */
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { historyFeatures, historyFromFile } from '../test/history-files';
import { WORKFLOW_PRELOAD_MODULES } from './bundle';
import { CURRENT_PATCH_LEVEL } from './contract';

// A hundred histories and more, replayed one after the other.
jest.setTimeout(600_000);

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

/** What the recorded histories show between them (see `historyFeatures`). */
const shown = new Set(
  recorded.flatMap(({ history }) => [...(historyFeatures(history)?.features ?? [])]),
);

it('replays every recorded history with the current workflow code', async () => {
  const failures: string[] = [];
  let replayed = 0;
  for await (const result of Worker.runReplayHistories(
    {
      workflowsPath: require.resolve('./workflows'),
      bundlerOptions: { preloadModules: WORKFLOW_PRELOAD_MODULES },
      replayName: 'flowcard-replay',
    },
    recorded,
  )) {
    replayed++;
    if (result.error) failures.push(`${result.workflowId}: ${result.error.message}`);
  }
  expect(failures).toEqual([]);
  expect(replayed).toBe(recorded.length);
});

describe('the recorded histories', () => {
  const expectShown = (features: string[]) => {
    for (const feature of features) expect([feature, shown.has(feature)]).toEqual([feature, true]);
  };

  it('complete user tasks, deliver messages and signals, change variables, migrate and cancel', () => {
    expectShown(
      [
        'completeUserTask',
        'deliverMessage',
        'deliverSignal',
        'changeVariables',
        'cancelInstance',
        'migrateInstance',
      ].map((update) => `update:${update}`),
    );
  });

  it('fire timers', () => {
    expectShown(['event:EVENT_TYPE_TIMER_FIRED']);
  });

  it('run boundary events, subprocesses and the gateways that wait', () => {
    expectShown(
      [
        'boundaryTimer:cancel=true',
        'boundaryTimer:cancel=false',
        'boundaryError',
        'boundaryEscalation',
        'boundarySignal',
        'boundaryMessage',
        'subProcess',
        'messageCatch',
        'eventBasedGateway',
        'inclusiveGateway',
      ].map((kind) => `kind:${kind}`),
    );
  });

  it('continue as new, and resume from a run that did', () => {
    expectShown(['event:EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW', 'input:resumed']);
  });

  it('call other processes: the caller starts a child workflow, the child was called', () => {
    expectShown([
      'kind:callActivity',
      'event:EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED',
      'event:EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_COMPLETED',
      'input:called',
    ]);
  });

  it('run event subprocesses, interrupting or not, and multi-instance activities', () => {
    expectShown([
      'kind:eventSubProcess:interrupting=true',
      'kind:eventSubProcess:interrupting=false',
      'multiInstance:parallel',
      'multiInstance:sequential',
    ]);
  });

  it('start at the current patch level (no patch markers) and without a level (markers)', () => {
    expectShown([`input:patchLevel=${CURRENT_PATCH_LEVEL}`, 'input:patchLevel=none']);
  });

  it('raise an incident and retry it', () => {
    expectShown(['update:retryIncident']);
  });

  it('publish messages, and start by a signal and by a timer schedule', () => {
    expectShown([
      'kind:sendTask',
      'kind:messageEndEvent',
      'kind:signalStart',
      'kind:timerStart',
      'workflow:timerStartWorkflow',
    ]);
  });
});
