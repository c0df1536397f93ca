/**
 * The one generic Temporal workflow: it runs any compiled process model.
 *
 * A thin shell around the pure engine: it feeds Temporal events (updates, timers) into
 * `advance` and carries out the commands it returns. It holds no business rules, does no
 * I/O of its own and reads no clock; the model arrives as input, so a later deploy never
 * changes a running instance. Only `@temporalio/workflow` and pure code may be imported here.
 * A long history makes it continue as new, carrying its state (`./continue-as-new`).
 */
import {
  ApplicationFailure,
  CancellationScope,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  isCancellation,
  ParentClosePolicy,
  proxyLocalActivities,
  setHandler,
  sleep,
  startChild,
  TemporalFailure,
} from '@temporalio/workflow';
import { advance, initialState, start, validateEvent } from '../engine/engine';
import { raiseIncident } from '../engine/incidents';
import { migrateState, unmappedElements } from '../engine/migration';
import { maxTimerMsOf } from '../engine/model';
import { outcomeOf } from '../engine/outcome';
import type {
  Command,
  Effect,
  EngineEvent,
  EngineState,
  PendingStep,
  Step,
  TimerDue,
} from '../engine/types';
import {
  CalledInstanceStart,
  cancelFromCallerSignal,
  cancelInstanceUpdate,
  changeVariablesUpdate,
  completeUserTaskUpdate,
  CURRENT_PATCH_LEVEL,
  type DeliverMessageArgs,
  deliverMessageUpdate,
  deliverSignalUpdate,
  EFFECT_ATTEMPTS,
  EffectActivities,
  engineStateQuery,
  migrateInstanceUpdate,
  ProcessInstanceInput,
  ProcessInstanceResult,
  retryIncidentUpdate,
} from './contract';
import {
  CONTINUE_AS_NEW_PATCH,
  historyFull,
  remainingMs,
  settled,
  TimerDeadlines,
} from './continue-as-new';
import { causeOf } from './incident-cause';
import { applies, assertKnownPatchLevel } from './patches';

export { timerStartWorkflow } from './timer-start-workflow';

// Local: a batch is one short transaction, so it runs in the worker that runs the workflow,
// without a round trip through the Temporal server per step. Its result is still recorded in
// history, so a replay never writes twice. Bounded: a step that cannot be written becomes an
// incident instead of a retry loop.
const { writeEffects } = proxyLocalActivities<EffectActivities>({
  startToCloseTimeout: '1 minute',
  retry: {
    initialInterval: '1 second',
    maximumInterval: '30 seconds',
    maximumAttempts: EFFECT_ATTEMPTS,
  },
});
// The incident itself is written whatever it takes: it waits out a database outage rather
// than lose the step it holds.
const { writeEffects: writeIncident } = proxyLocalActivities<EffectActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

export async function processInstanceWorkflow(
  input: ProcessInstanceInput,
): Promise<ProcessInstanceResult> {
  assertKnownPatchLevel(input);
  const { instanceId } = input;
  // Histories from before incidents ended the workflow when a step failed; they replay so.
  const incidentsHold = applies(input, 'incidents');
  // Replaced only by a migration (`migrateInstanceUpdate`), which history records and replays.
  let model = input.model;
  let state: EngineState | undefined;
  const timers = new Map<string, CancellationScope>();
  // The workflow ids of the instances call activities started, by the call's wait key.
  const calledWorkflowIds = new Map<string, string>();
  // The instanceEnded effect, once written: the workflow's result for a calling instance.
  let endedEffect: Extract<Effect, { type: 'instanceEnded' }> | null = null;
  const deadlines = new TimerDeadlines();
  // Engine steps run one at a time: an update arriving mid-batch waits its turn.
  let queue: Promise<void> = Promise.resolve();
  /** Engine steps asked for and not finished (queued or writing their batch). */
  let stepsPending = 0;
  // Steps this run finished: a run continues as new only after one, so a limit below the few
  // events a run starts with cannot make runs follow each other without end.
  let finishedSteps = 0;
  const exclusive = <T>(work: () => Promise<T>): Promise<T> => {
    stepsPending += 1;
    const result = queue.then(work).finally(() => {
      stepsPending -= 1;
      finishedSteps += 1;
    });
    queue = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  };

  /** Runs the step's commands; answers the buffered messages its new waits consumed. */
  const execute = async (
    commands: Command[],
    write = writeEffects,
  ): Promise<DeliverMessageArgs[]> => {
    // The commit time of this step's batch: the workflow's "now" for a timer until a date.
    let committedAt: number | null = null;
    const received: DeliverMessageArgs[] = [];
    const calledInstances = new Map<string, CalledInstanceStart>();
    for (const command of commands) {
      switch (command.type) {
        case 'writeEffects': {
          const written = await write(instanceId, command.effects);
          committedAt = written.committedAt;
          received.push(...(written.messages ?? []));
          for (const called of written.calledInstances ?? []) {
            calledInstances.set(called.waitKey, called);
          }
          endedEffect =
            command.effects.find((effect) => effect.type === 'instanceEnded') ?? endedEffect;
          break;
        }
        case 'startCalledInstance': {
          const called = calledInstances.get(command.waitKey);
          if (!called) throw new Error(`the batch wrote no instance for call ${command.waitKey}`);
          await startCalledInstance(called);
          break;
        }
        case 'cancelCalledInstance':
          await cancelCalledInstance(command.waitKey);
          break;
        case 'startTimer': {
          const durationMs = sleepMs(command, committedAt);
          if (beyondMaximum(command, durationMs)) {
            // Queued behind this step: the engine fails the timer's element.
            void handle({ type: 'timerBeyondMaximum', waitKey: command.waitKey, inMs: durationMs });
          } else {
            deadlines.started(command.waitKey, durationMs, committedAt);
            startTimer(command.waitKey, durationMs);
          }
          break;
        }
        case 'cancelTimer':
          timers.get(command.waitKey)?.cancel();
          timers.delete(command.waitKey);
          deadlines.ended(command.waitKey);
          break;
      }
    }
    return received;
  };

  /**
   * Carries out one engine step (inside `exclusive`). A batch the worker could not write raises
   * an incident on the state from before the step, except while an incident is already open:
   * then the change (a variable change, a cancel) is refused and nothing moves.
   */
  const runStep = async (before: EngineState, failed: PendingStep, step: Step): Promise<void> => {
    state = step.state;
    let received: DeliverMessageArgs[] = [];
    try {
      received = await execute(step.commands);
    } catch (error) {
      if (!(error instanceof TemporalFailure)) throw error;
      state = before;
      const cause = causeOf(error);
      if (before.status === 'incident' && failed.type !== 'incidentRetried') {
        throw ApplicationFailure.nonRetryable(cause.message, cause.code);
      }
      const raised = raiseIncident(before, failed, cause);
      await execute(raised.commands, writeIncident);
      state = raised.state;
    }
    // Queued behind this step, ahead of any update that arrives after it.
    for (const message of received) void deliverReceived(message);
  };

  /** Applies an event (inside `exclusive`); a retry that succeeds lets deferred timers fire. */
  const apply = async (event: EngineEvent): Promise<void> => {
    const before = currentState();
    // Re-checked here: an earlier update may have changed the state since validation.
    const problem = validateEvent(model, before, event);
    if (problem) throw ApplicationFailure.nonRetryable(problem, 'InvalidEvent');
    await runStep(before, event, advance(model, before, event));
    if (event.type === 'incidentRetried') await applyDeferred();
  };

  /**
   * A buffered message is delivered once, by the step that consumed it; an update that met the
   * same wait first (the wait was open to the API too) has already ended it.
   */
  const deliverReceived = (message: DeliverMessageArgs) =>
    handle({ type: 'messageReceived', ...message }).catch((error: unknown) => {
      if (!(error instanceof ApplicationFailure && error.type === 'InvalidEvent')) throw error;
    });

  const handle = (event: EngineEvent) => exclusive(() => apply(event));

  /**
   * An update may reach this workflow before the step that opens its wait has run here, although
   * that step's batch has committed: the worker died after the local activity and before its
   * workflow task completed, and the next worker gets the update in the same activation as the
   * start, or as the timer that led to the task (updates come first in an activation). Such an
   * update waits until the event is valid or no step is pending, and is checked then. The first
   * hop lets the activation's other jobs (a fired timer) start their steps before the check.
   */
  const handleWhenDue = async (event: EngineEvent) => {
    await Promise.resolve();
    await condition(
      () =>
        state !== undefined && (validateEvent(model, state, event) === null || stepsPending === 0),
    );
    return handle(event);
  };

  /**
   * Timers that fired and called instances that ended while an incident was open, in the order
   * they came: applied once a retry resolved it.
   */
  const deferred: EngineEvent[] = [];
  const applyDeferred = async () => {
    while (deferred.length > 0 && currentState().status === 'running') {
      const event = deferred.shift() as EngineEvent;
      if (validateEvent(model, currentState(), event) === null) await apply(event);
    }
  };

  /**
   * Applies an event from Temporal rather than the API (a timer, a called instance's end, the
   * caller's cancel) when its turn comes: deferred while an incident is open (a cancel is not),
   * dropped when it no longer applies.
   */
  const applyWhenDue = (event: EngineEvent) =>
    exclusive(async () => {
      const { status } = currentState();
      if (status === 'incident' && event.type !== 'cancelRequested') deferred.push(event);
      else if (validateEvent(model, currentState(), event) === null) await apply(event);
    });

  /**
   * Starts the workflow of the instance the call activity's batch wrote and, when it ends, feeds
   * its outcome back (unless the call no longer waits for it). Abandoned when this workflow
   * closes: a call that stops waiting cancels its instance through Flowcard, which writes that.
   */
  async function startCalledInstance(called: CalledInstanceStart): Promise<void> {
    const { waitKey, instanceId: calledId, workflowId, model: calledModel, variables } = called;
    const child = await startChild<typeof processInstanceWorkflow>(processInstanceWorkflow, {
      workflowId,
      args: [
        {
          instanceId: calledId,
          model: calledModel,
          variables,
          called: true,
          patchLevel: CURRENT_PATCH_LEVEL,
        },
      ],
      parentClosePolicy: ParentClosePolicy.ABANDON,
    });
    calledWorkflowIds.set(waitKey, workflowId);
    child.result().then(
      ({ status, outcome }) =>
        applyWhenDue({
          type: 'calledInstanceEnded',
          waitKey,
          status: status === 'running' ? 'failed' : status,
          variables: outcome?.variables ?? {},
          error: outcome?.error ?? null,
        }),
      (error: Error) =>
        applyWhenDue({
          type: 'calledInstanceEnded',
          waitKey,
          status: 'failed',
          variables: {},
          error: { message: error.message, errorCode: null },
        }),
    );
  }

  async function cancelCalledInstance(waitKey: string): Promise<void> {
    const workflowId = calledWorkflowIds.get(waitKey);
    if (workflowId === undefined) return;
    try {
      await getExternalWorkflowHandle(workflowId).signal(cancelFromCallerSignal, {
        by: null,
        reason: 'the calling instance no longer waits for it',
      });
    } catch {
      // It ended already: nothing is left to cancel.
    }
  }

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

  /**
   * A timer until a date is measured against the maximum only here, from the commit time; the
   * engine checked durations already. Histories from before the check replay without it.
   */
  function beyondMaximum(timer: TimerDue, durationMs: number): boolean {
    return 'dueAt' in timer && durationMs > maxTimerMsOf(model) && applies(input, 'timer-maximum');
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
          return applyWhenDue({ type: 'timerFired', waitKey });
        },
        (error) => {
          if (!isCancellation(error)) throw error;
        },
      );
  }

  const refuseInvalid = (event: EngineEvent) => {
    // Before the start step ran, `handleWhenDue` validates once the state exists.
    const problem = state ? validateEvent(model, state, event) : null;
    if (problem) throw new Error(problem);
  };
  /**
   * A completion of a task this state has not opened (yet) is left to `handleWhenDue`: a step
   * pending in this activation may open it. Any other problem refuses it at once.
   */
  const refuseInvalidCompletion = (event: Extract<EngineEvent, { type: 'userTaskCompleted' }>) => {
    const notOpenYet =
      state?.status === 'running' && !state.waits.some((wait) => wait.waitKey === event.waitKey);
    if (!notOpenYet) refuseInvalid(event);
  };
  const result = () => ({ status: currentState().status });

  setHandler(engineStateQuery, () => currentState());
  setHandler(cancelFromCallerSignal, (args) => {
    // A signal may come before the first step ran: it waits for it, then applies if running.
    void condition(() => state !== undefined).then(() =>
      applyWhenDue({ type: 'cancelRequested', ...args }),
    );
  });
  setHandler(
    completeUserTaskUpdate,
    async (args) => {
      await handleWhenDue({ type: 'userTaskCompleted', ...args });
      return result();
    },
    { validator: (args) => refuseInvalidCompletion({ type: 'userTaskCompleted', ...args }) },
  );
  setHandler(
    cancelInstanceUpdate,
    async (args) => {
      await handleWhenDue({ type: 'cancelRequested', ...args });
      return result();
    },
    { validator: (args) => refuseInvalid({ type: 'cancelRequested', ...args }) },
  );
  setHandler(
    changeVariablesUpdate,
    async (args) => {
      await handleWhenDue({ type: 'variablesChanged', ...args });
      return result();
    },
    { validator: (args) => refuseInvalid({ type: 'variablesChanged', ...args }) },
  );

  setHandler(
    deliverMessageUpdate,
    async (args) => {
      await handleWhenDue({ type: 'messageReceived', ...args });
      return result();
    },
    { validator: (args) => refuseInvalid({ type: 'messageReceived', ...args }) },
  );
  setHandler(
    deliverSignalUpdate,
    async (args) => {
      await handleWhenDue({ type: 'signalReceived', ...args });
      return result();
    },
    { validator: (args) => refuseInvalid({ type: 'signalReceived', ...args }) },
  );

  setHandler(
    retryIncidentUpdate,
    async (args) => {
      await handle({ type: 'incidentRetried', ...args });
      return result();
    },
    { validator: (args) => refuseInvalid({ type: 'incidentRetried', ...args }) },
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

  const mayContinueAsNew = applies(input, CONTINUE_AS_NEW_PATCH);
  if (input.resumed) {
    state = input.resumed.state;
    for (const timer of input.resumed.timers) {
      deadlines.carried(timer);
      startTimer(timer.waitKey, remainingMs(timer));
    }
  } else {
    // Instances started before run scopes write every variable of a multi-instance run to the
    // instance; their histories replay so (see `EngineState.runScopes`).
    const runScopes = applies(input, 'multi-instance-run-scopes');
    const startInput = { instanceId, variables: input.variables, called: input.called, runScopes };
    await exclusive(() =>
      runStep(initialState(startInput), { type: 'start' }, start(model, startInput)),
    );
  }
  const ended = () => {
    const { status } = currentState();
    return status !== 'running' && (status !== 'incident' || !incidentsHold);
  };
  // Only a running instance moves to a new run: one in incident holds a step and may hold
  // timers that fired meanwhile, and one waiting for a called instance holds its child's
  // result; both live only in this run.
  const mayContinue = () =>
    mayContinueAsNew &&
    currentState().status === 'running' &&
    !currentState().waits.some((wait) => wait.kind === 'calledInstance') &&
    finishedSteps > 0 &&
    historyFull(input.historyEventsLimit) &&
    settled(stepsPending);
  for (;;) {
    await condition(() => ended() || mayContinue());
    if (ended()) {
      // An ending step counts once its batch is written: one whose batch fails goes back to the
      // state before it and raises an incident, so the instance goes on.
      await queue;
      if (ended()) return { ...result(), outcome: outcomeOf(currentState(), endedEffect) };
      continue;
    }
    // Checked again: Temporal checks conditions right after each activation job, before the
    // callbacks it unblocked run, so a timer that just fired may have started its step since.
    // Nothing may run between this check and the call.
    if (mayContinue()) {
      return continueAsNew<typeof processInstanceWorkflow>({
        instanceId,
        model,
        variables: {},
        historyEventsLimit: input.historyEventsLimit,
        resumed: { state: currentState(), timers: deadlines.open() },
        patchLevel: CURRENT_PATCH_LEVEL,
      });
    }
  }
}
