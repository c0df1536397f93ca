/**
 * The one generic Temporal workflow: it runs any compiled process model.
 *
 * A thin shell around the pure engine: it feeds Temporal events (updates, timers) into
 * `advance` and carries out the commands it returns. It holds no business rules, does no
 * I/O of its own and reads no clock but Temporal's deterministic workflow time (for the
 * deadlines of timers a new run carries over); the model arrives as input, so a later deploy never
 * changes a running instance. Only `@temporalio/workflow` and pure code may be imported here.
 * A long history makes it continue as new, carrying its state (`./continue-as-new`).
 */
import {
  ActivityFailure,
  ApplicationFailure,
  CancellationScope,
  condition,
  continueAsNew,
  isCancellation,
  patched,
  proxyLocalActivities,
  setHandler,
  sleep,
} from '@temporalio/workflow';
import { advance, start, validateEvent } from '../engine/engine';
import { migrateState, unmappedElements } from '../engine/migration';
import type { Command, EngineEvent, EngineState, TimerDue } from '../engine/types';
import {
  cancelInstanceUpdate,
  changeVariablesUpdate,
  completeUserTaskUpdate,
  deliverMessageUpdate,
  deliverSignalUpdate,
  EffectActivities,
  engineStateQuery,
  migrateInstanceUpdate,
  ProcessInstanceInput,
  ProcessInstanceResult,
} from './contract';
import {
  CONTINUE_AS_NEW_PATCH,
  historyFull,
  remainingMs,
  settled,
  TimerDeadlines,
} from './continue-as-new';

// Local: a batch is one short transaction, so it runs in the worker that runs the workflow,
// without a round trip through the Temporal server per step. Its result is still recorded in
// history, so a replay never writes twice.
const { writeEffects } = proxyLocalActivities<EffectActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

export async function processInstanceWorkflow(
  input: ProcessInstanceInput,
): Promise<ProcessInstanceResult> {
  const { instanceId } = input;
  // Replaced only by a migration (`migrateInstanceUpdate`), which history records and replays.
  let model = input.model;
  let state: EngineState | undefined;
  const timers = new Map<string, CancellationScope>();
  const deadlines = new TimerDeadlines();
  // Engine steps run one at a time: an update arriving mid-batch waits its turn.
  let queue: Promise<void> = Promise.resolve();
  let pendingSteps = 0;
  // Steps this run finished: a run continues as new only after one, so a limit below the few
  // events a run starts with cannot make runs follow each other without end.
  let finishedSteps = 0;
  const stepFinished = () => {
    pendingSteps--;
    finishedSteps++;
  };
  const exclusive = <T>(work: () => Promise<T>): Promise<T> => {
    pendingSteps++;
    const result = queue.then(work);
    queue = result.then(stepFinished, stepFinished);
    return result;
  };

  const execute = async (commands: Command[]): Promise<void> => {
    // The commit time of this step's batch: the workflow's "now" for a timer until a date.
    let committedAt: number | null = null;
    for (const command of commands) {
      switch (command.type) {
        case 'writeEffects':
          ({ committedAt } = await writeEffects(instanceId, command.effects));
          break;
        case 'startTimer': {
          const durationMs = sleepMs(command, committedAt);
          deadlines.started(command.waitKey, durationMs, committedAt);
          startTimer(command.waitKey, durationMs);
          break;
        }
        case 'cancelTimer':
          timers.get(command.waitKey)?.cancel();
          timers.delete(command.waitKey);
          deadlines.ended(command.waitKey);
          break;
      }
    }
  };

  const failInstance = async (message: string): Promise<void> => {
    if (!state) return;
    for (const [waitKey, scope] of timers) {
      scope.cancel();
      deadlines.ended(waitKey);
    }
    timers.clear();
    state = { ...state, status: 'failed', waits: [], tokens: [] };
    await writeEffects(instanceId, [
      {
        type: 'instanceEnded',
        key: `${instanceId}:failed`,
        status: 'failed',
        variables: state.variables,
        error: { elementId: null, message },
      },
    ]);
  };

  /** Runs one engine step; a step the database refuses for good fails the instance. */
  const runStep = (makeStep: () => ReturnType<typeof advance>) =>
    exclusive(async () => {
      const step = makeStep();
      state = step.state;
      try {
        await execute(step.commands);
      } catch (error) {
        if (!(error instanceof ActivityFailure)) throw error;
        await failInstance(error.cause?.message ?? error.message);
      }
    });

  const handle = (event: EngineEvent) =>
    runStep(() => {
      const current = currentState();
      // Re-checked here: an earlier update may have changed the state since validation.
      const problem = validateEvent(current, event);
      if (problem) throw ApplicationFailure.nonRetryable(problem, 'InvalidEvent');
      return advance(model, current, event);
    });

  const currentState = (): EngineState => {
    if (!state) throw ApplicationFailure.nonRetryable('the instance has not started yet');
    return state;
  };

  /**
   * How long a timer sleeps. A date is measured from the commit time of the batch that
   * started the timer (the engine writes the timer's element.started in it); a date already
   * past fires at once, as Temporal needs a positive duration.
   */
  function sleepMs(timer: TimerDue, committedAt: number | null): number {
    if ('durationMs' in timer) return timer.durationMs;
    if (committedAt === null) throw new Error('a timer until a date started without a batch');
    return Math.max(1, Date.parse(timer.dueAt) - committedAt);
  }

  function startTimer(waitKey: string, durationMs: number) {
    const scope = new CancellationScope();
    timers.set(waitKey, scope);
    scope
      .run(() => sleep(durationMs))
      .then(
        () => {
          timers.delete(waitKey);
          deadlines.ended(waitKey);
          if (currentState().status === 'running') return handle({ type: 'timerFired', waitKey });
        },
        (error) => {
          if (!isCancellation(error)) throw error;
        },
      );
  }

  const refuseInvalid = (event: EngineEvent) => {
    const problem = state ? validateEvent(state, event) : 'the instance has not started yet';
    if (problem) throw new Error(problem);
  };
  const result = () => ({ status: currentState().status });

  setHandler(engineStateQuery, () => currentState());
  setHandler(
    completeUserTaskUpdate,
    async (args) => {
      await handle({ type: 'userTaskCompleted', ...args });
      return result();
    },
    { validator: (args) => refuseInvalid({ type: 'userTaskCompleted', ...args }) },
  );
  setHandler(
    cancelInstanceUpdate,
    async (args) => {
      await handle({ type: 'cancelRequested', ...args });
      return result();
    },
    { validator: (args) => refuseInvalid({ type: 'cancelRequested', ...args }) },
  );
  setHandler(
    changeVariablesUpdate,
    async (args) => {
      await handle({ type: 'variablesChanged', ...args });
      return result();
    },
    { validator: (args) => refuseInvalid({ type: 'variablesChanged', ...args }) },
  );

  setHandler(
    deliverMessageUpdate,
    async (args) => {
      await handle({ type: 'messageReceived', ...args });
      return result();
    },
    { validator: (args) => refuseInvalid({ type: 'messageReceived', ...args }) },
  );
  setHandler(
    deliverSignalUpdate,
    async (args) => {
      await handle({ type: 'signalReceived', ...args });
      return result();
    },
    { validator: (args) => refuseInvalid({ type: 'signalReceived', ...args }) },
  );

  setHandler(
    migrateInstanceUpdate,
    (args) =>
      exclusive(async () => {
        state = migrateState(currentState(), args.mapping);
        model = args.model;
        return result();
      }),
    {
      validator: (args) => {
        const missing = unmappedElements(currentState(), args.model, args.mapping);
        if (missing.length > 0) {
          throw new Error(`no element in the target model for ${missing.join(', ')}`);
        }
      },
    },
  );

  const mayContinueAsNew = patched(CONTINUE_AS_NEW_PATCH);
  if (input.resumed) {
    state = input.resumed.state;
    for (const timer of input.resumed.timers) {
      deadlines.carried(timer);
      startTimer(timer.waitKey, remainingMs(timer));
    }
  } else {
    await runStep(() => start(model, { instanceId, variables: input.variables }));
  }
  const running = () => currentState().status === 'running';
  while (running()) {
    await condition(
      () =>
        !running() ||
        (mayContinueAsNew &&
          finishedSteps > 0 &&
          historyFull(input.historyEventsLimit) &&
          settled(pendingSteps)),
    );
    // Checked again: Temporal checks conditions right after each activation job, before the
    // callbacks it unblocked run, so a timer that just fired may have started its step since.
    // Nothing may run between this check and the call.
    if (running() && settled(pendingSteps)) {
      return continueAsNew<typeof processInstanceWorkflow>({
        instanceId,
        model,
        variables: {},
        historyEventsLimit: input.historyEventsLimit,
        resumed: { state: currentState(), timers: deadlines.open() },
      });
    }
  }
  // Let an update that ended the instance finish writing before the workflow closes.
  await queue;
  return result();
}
