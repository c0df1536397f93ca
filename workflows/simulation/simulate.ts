/**
 * Dry runs: a diagram's executable model run on the pure engine in memory, with scripted answers
 * for its user tasks and timers. Nothing is written and no clock is read: the effects the engine
 * asks for are collected instead of written, and simulated time moves only when a timer fires.
 *
 * A call activity runs the process it calls as a called instance of the same dry run (the
 * caller resolves the models beforehand, see `CalledProcesses`): it starts in a step of its own
 * right after the step that reached the call, its end comes back to the call activity in the
 * next step, and a caller that stops waiting cancels it. Each instance's path, effects and
 * steps are its own result, nested under the call that started it (`calls`); steps are
 * numbered across all of them, in the order they ran.
 *
 * Each step feeds one instance one event, in this order of preference: a called instance to
 * start, end or cancel; else the first open user task (the simulated diagram's first, then each
 * called instance's, in the order they opened) that still has a scripted answer is completed
 * with it; else the timer due first fires, unless the script holds it. A wait of any other
 * kind, a user task without an answer left or a held timer stops the run, reported as what it
 * waits for.
 */
import { advance, start } from '../engine/engine';
import type { ExecutableModel } from '../engine/model';
import { outcomeOf } from '../engine/outcome';
import type {
  Command,
  Effect,
  EngineEvent,
  EngineState,
  InstanceStatus,
  TimerDue,
  Variables,
  Wait,
} from '../engine/types';
import {
  type CalledProcesses,
  calledProcessRef,
  MAX_CALL_DEPTH,
  SimulationRefused,
} from './called-processes';
import { DEFAULT_MAX_STEPS, scriptName, scriptProblems, type SimulationScript } from './script';

export {
  DEFAULT_MAX_STEPS,
  MAX_STEPS_LIMIT,
  scriptProblems,
  type SimulationScript,
  type TimerAnswer,
} from './script';

/** The instance id of every dry run; effect and wait keys start with it. */
export const SIMULATION_INSTANCE_ID = 'simulation';

export type SimulationTrigger =
  | { type: 'start'; elementId: null; variables: Variables }
  | { type: 'userTaskCompleted'; elementId: string; variables: Variables }
  | { type: 'timerFired'; elementId: string; variables: null }
  /** The instance the call activity `elementId` started ended, with these variables. */
  | { type: 'calledInstanceEnded'; elementId: string; variables: Variables }
  /** The instance that called this one stopped waiting for it (a boundary event, say). */
  | { type: 'cancelledByCaller'; elementId: null; variables: null };

export interface SimulationStep {
  /** 0 for the start, then one per event, counted across the called instances too. */
  step: number;
  trigger: SimulationTrigger;
  /** Simulated time since the start: the timers that fired so far moved it on. */
  elapsedMs: number;
  /** The instance variables once the step's effects are applied. */
  variables: Variables;
}

export interface PathEntry {
  step: number;
  event: 'started' | 'completed';
  elementId: string;
  elementKind: string;
  elementName: string | null;
}

type WithoutElementId<E> = E extends unknown ? Omit<E, 'elementId'> : never;

/**
 * An effect the engine asked for, other than an element started or completed (see `path`),
 * with the element it concerns (for a user task's completion, the task's element).
 */
export type SimulatedEffect = WithoutElementId<Effect> & {
  step: number;
  elementId: string | null;
};

export interface SimulationWait {
  kind: Wait['kind'];
  elementId: string;
  elementName: string | null;
  waitKey: string;
  /** A timer: how long after the run stopped it would fire. */
  dueInMs: number | null;
}

/** An instance a call activity started, and how its run went. */
export interface CalledSimulation {
  /** The call activity that started it, and the step that reached it. */
  elementId: string;
  step: number;
  processKey: string;
  /** The deployed version it ran; null for the simulated diagram itself (a call of its key). */
  version: number | null;
  result: SimulationResult;
}

export interface SimulationResult {
  status: InstanceStatus;
  /**
   * `ended`: the instance completed; `incident`: a step could not proceed (see `error`; the
   * path and effects stop before that step); `waiting`: nothing the script answers is left.
   */
  stoppedBecause: 'ended' | 'incident' | 'waiting' | 'stepLimit';
  /** Why a step could not proceed, naming the element. */
  error: { elementId: string | null; message: string } | null;
  elapsedMs: number;
  path: PathEntry[];
  effects: SimulatedEffect[];
  steps: SimulationStep[];
  /** The open waits where the run stopped (empty once the instance ended). */
  waitingFor: SimulationWait[];
  /** The instances its call activities started, in the order they started. */
  calls: CalledSimulation[];
}

/**
 * Runs the model from its start with `variables` as far as the script answers. Simulated time
 * starts at `startAtMs` (epoch ms; the caller's "now", since this code reads no clock): a timer
 * until a date falls due that long after the start. `calledProcesses` holds what the call
 * activities the run reaches would start; a call it lacks, or calls nested deeper than
 * `MAX_CALL_DEPTH`, throw `SimulationRefused`.
 */
export function simulate(
  model: ExecutableModel,
  variables: Variables,
  script: SimulationScript = {},
  startAtMs = 0,
  calledProcesses: CalledProcesses = {},
): SimulationResult {
  const calledModels = Object.values(calledProcesses).map((called) => called.model);
  const problems = scriptProblems(model, script, calledModels);
  if (problems.length > 0) throw new Error(`invalid simulation script: ${problems.join('; ')}`);
  return new DryRun(script, startAtMs, calledProcesses).run(model, variables);
}

/** The next event to feed an instance, with the trigger it is reported as. */
interface NextEvent {
  run: InstanceRun;
  /** Null: the instance starts, with the trigger's variables. */
  event: EngineEvent | null;
  trigger: SimulationTrigger;
  /** When it happens in simulated time. */
  atMs: number;
}

/** The instance that called another: where its end goes back to. */
interface Caller {
  run: InstanceRun;
  waitKey: string;
  elementId: string;
}

/** The whole dry run: simulated time, the step count and the instances it started. */
class DryRun {
  elapsedMs = 0;
  private stepCount = 0;
  private readonly answersUsed = new Map<string, number>();
  private readonly runs: InstanceRun[] = [];
  /** Called instances to start, end or cancel: they go before what the script answers. */
  private readonly queue: NextEvent[] = [];

  constructor(
    readonly script: SimulationScript,
    readonly startAtMs: number,
    private readonly calledProcesses: CalledProcesses,
  ) {}

  run(model: ExecutableModel, variables: Variables): SimulationResult {
    const root = this.instance(model, SIMULATION_INSTANCE_ID, null, null);
    root.feed({ run: root, event: null, trigger: startTrigger(variables), atMs: 0 });
    const maxSteps = this.script.maxSteps ?? DEFAULT_MAX_STEPS;
    let stoppedBecause: 'waiting' | 'stepLimit' = 'waiting';
    for (;;) {
      const next = this.queue.shift() ?? (root.running() ? this.scriptedEvent() : null);
      if (!next) break;
      if (!next.run.accepts(next.event)) continue;
      if (this.stepCount > maxSteps) {
        stoppedBecause = 'stepLimit';
        break;
      }
      this.elapsedMs = Math.max(this.elapsedMs, next.atMs);
      if (next.trigger.type === 'userTaskCompleted') {
        const name = next.run.scriptName('userTasks', next.trigger.elementId);
        this.answersUsed.set(name, (this.answersUsed.get(name) ?? 0) + 1);
      }
      next.run.feed(next);
    }
    return root.result(stoppedBecause);
  }

  nextStep(): number {
    return this.stepCount++;
  }

  enqueue(next: Omit<NextEvent, 'atMs'>): void {
    this.queue.push({ ...next, atMs: this.elapsedMs });
  }

  /** Starts (in a step of its own) the instance a call activity of `caller` runs. */
  call(caller: Caller, processKey: string, version: number | null, variables: Variables) {
    const chain = [...caller.run.callChain(), processKey];
    const called = this.calledProcesses[calledProcessRef(processKey, version)];
    if (!called) {
      throw new SimulationRefused(
        'CALLED_PROCESS_NOT_DEPLOYED',
        caller.elementId,
        `The call activity ${caller.elementId} of ${caller.run.model.processId} calls process "${processKey}"${version === null ? '' : ` version ${version}`}, which is not deployed`,
      );
    }
    if (chain.length - 1 > MAX_CALL_DEPTH) {
      throw new SimulationRefused(
        'SIMULATION_CALL_DEPTH_EXCEEDED',
        caller.elementId,
        `The call activity ${caller.elementId} would nest called instances deeper than ${MAX_CALL_DEPTH} (${chain.join(' → ')}); does a process call itself without end?`,
      );
    }
    const instanceId = `${caller.waitKey}/${processKey}`;
    const run = this.instance(called.model, instanceId, caller, called.version);
    this.enqueue({ run, event: null, trigger: startTrigger(variables) });
    return run;
  }

  private instance(
    model: ExecutableModel,
    instanceId: string,
    caller: Caller | null,
    version: number | null,
  ): InstanceRun {
    const run = new InstanceRun(this, model, instanceId, caller, version);
    this.runs.push(run);
    return run;
  }

  /** The first answered user task of any running instance, else the timer due first. */
  private scriptedEvent(): NextEvent | null {
    const running = this.runs.filter((run) => run.running());
    for (const run of running) {
      for (const wait of run.waits()) {
        if (wait.kind !== 'userTask') continue;
        const name = run.scriptName('userTasks', wait.elementId);
        const answers = this.script.userTasks?.[name] ?? [];
        const used = this.answersUsed.get(name) ?? 0;
        if (used >= answers.length) continue;
        const variables = answers[used];
        return {
          run,
          event: { type: 'userTaskCompleted', waitKey: wait.waitKey, variables, completedBy: null },
          trigger: { type: 'userTaskCompleted', elementId: wait.elementId, variables },
          atMs: this.elapsedMs,
        };
      }
    }
    let first: NextEvent | null = null;
    for (const run of running) {
      for (const wait of run.waits()) {
        if (wait.kind !== 'timer') continue;
        if (this.script.timers?.[run.scriptName('timers', wait.elementId)] === 'wait') continue;
        const atMs = run.dueAt(wait);
        if (first === null || atMs < first.atMs) {
          first = {
            run,
            event: { type: 'timerFired', waitKey: wait.waitKey },
            trigger: { type: 'timerFired', elementId: wait.elementId, variables: null },
            atMs,
          };
        }
      }
    }
    return first;
  }
}

const startTrigger = (variables: Variables): SimulationTrigger => ({
  type: 'start',
  elementId: null,
  variables,
});

/** One instance of the dry run: its engine state and what it did. */
class InstanceRun {
  /** Null until its start (a called instance starts in the step after its call). */
  state: EngineState | null = null;
  private readonly timerDueAt = new Map<string, number>();
  /** The element of each wait key seen, for effects that name only the wait. */
  private readonly waitElements = new Map<string, string>();
  private readonly path: PathEntry[] = [];
  private readonly effects: SimulatedEffect[] = [];
  private readonly steps: SimulationStep[] = [];
  private readonly calls: { call: Omit<CalledSimulation, 'result'>; run: InstanceRun }[] = [];
  private error: SimulationResult['error'] = null;
  private ended: Extract<Effect, { type: 'instanceEnded' }> | null = null;

  constructor(
    private readonly dryRun: DryRun,
    readonly model: ExecutableModel,
    private readonly instanceId: string,
    private readonly caller: Caller | null,
    private readonly version: number | null,
  ) {}

  /** The processes from the simulated diagram down to this one. */
  callChain(): string[] {
    return [...(this.caller?.run.callChain() ?? []), this.model.processId];
  }

  scriptName(field: 'userTasks' | 'timers', elementId: string): string {
    return scriptName(this.dryRun.script[field], this.model.processId, elementId);
  }

  running(): boolean {
    return this.state?.status === 'running';
  }

  waits(): Wait[] {
    return this.state?.waits ?? [];
  }

  /** Whether the event still applies: an instance that ended or no longer waits ignores it. */
  accepts(event: EngineEvent | null): boolean {
    if (event === null || this.state === null) return event === null && this.state === null;
    if (event.type === 'cancelRequested') {
      return this.state.status === 'running' || this.state.status === 'incident';
    }
    if (!this.running()) return false;
    return (
      event.type !== 'calledInstanceEnded' ||
      this.waits().some((wait) => wait.waitKey === event.waitKey)
    );
  }

  feed({ event, trigger }: NextEvent): void {
    const step =
      event === null || this.state === null
        ? start(this.model, {
            instanceId: this.instanceId,
            variables: trigger.variables ?? {},
            ...(this.caller ? { called: true } : {}),
            // As a new instance runs: with run scopes (see `EngineState.runScopes`).
            runScopes: true,
          })
        : advance(this.model, this.state, event);
    this.record(step, trigger);
  }

  /** Takes in one engine step's commands as the shell would carry them out. */
  private record(
    { state, commands }: { state: EngineState; commands: Command[] },
    trigger: SimulationTrigger,
  ): void {
    const step = this.dryRun.nextStep();
    this.state = state;
    const calledStarts = new Map<string, Extract<Effect, { type: 'startCalledInstance' }>>();
    for (const command of commands) {
      switch (command.type) {
        case 'writeEffects':
          for (const effect of command.effects) {
            this.takeEffect(step, effect);
            if (effect.type === 'startCalledInstance') calledStarts.set(effect.waitKey, effect);
          }
          break;
        case 'startTimer':
          this.timerDueAt.set(command.waitKey, this.dueAtMs(command));
          break;
        case 'cancelTimer':
          this.timerDueAt.delete(command.waitKey);
          break;
        case 'startCalledInstance': {
          const effect = calledStarts.get(command.waitKey);
          if (!effect) throw new Error(`the step wrote no instance for call ${command.waitKey}`);
          this.startCalled(step, effect);
          break;
        }
        case 'cancelCalledInstance': {
          const called = this.calls.find(({ run }) => run.caller?.waitKey === command.waitKey);
          if (called) {
            this.dryRun.enqueue({
              run: called.run,
              event: { type: 'cancelRequested', by: null, reason: 'the caller no longer waits' },
              trigger: { type: 'cancelledByCaller', elementId: null, variables: null },
            });
          }
          break;
        }
      }
    }
    for (const wait of state.waits) this.waitElements.set(wait.waitKey, wait.elementId);
    this.steps.push({
      step,
      trigger,
      elapsedMs: this.dryRun.elapsedMs,
      variables: state.variables,
    });
    this.reportEnd(state);
  }

  private startCalled(step: number, effect: Extract<Effect, { type: 'startCalledInstance' }>) {
    const { waitKey, elementId, processKey, version, variables } = effect;
    const run = this.dryRun.call({ run: this, waitKey, elementId }, processKey, version, variables);
    this.calls.push({ call: { elementId, step, processKey, version: run.version }, run });
  }

  /** A called instance that ended: its end goes back to the call activity waiting for it. */
  private reportEnd(state: EngineState): void {
    const { status } = state;
    if (!this.caller || status === 'running' || status === 'incident') return;
    const { variables, error } = outcomeOf(state, this.ended);
    this.dryRun.enqueue({
      run: this.caller.run,
      event: {
        type: 'calledInstanceEnded',
        waitKey: this.caller.waitKey,
        status,
        variables,
        error,
      },
      trigger: { type: 'calledInstanceEnded', elementId: this.caller.elementId, variables },
    });
  }

  private takeEffect(step: number, effect: Effect): void {
    if (effect.type === 'elementStarted' || effect.type === 'elementCompleted') {
      this.path.push({
        step,
        event: effect.type === 'elementStarted' ? 'started' : 'completed',
        elementId: effect.elementId,
        elementKind: effect.elementKind,
        elementName: effect.elementName,
      });
      return;
    }
    if (effect.type === 'incidentRaised') {
      this.error = { elementId: effect.elementId, message: effect.message };
    }
    if (effect.type === 'instanceEnded') this.ended = effect;
    const elementId =
      'elementId' in effect
        ? effect.elementId
        : 'waitKey' in effect
          ? (this.waitElements.get(effect.waitKey) ?? null)
          : null;
    this.effects.push({ ...effect, step, elementId });
  }

  dueAt(wait: Extract<Wait, { kind: 'timer' }>): number {
    return this.timerDueAt.get(wait.waitKey) ?? this.dueAtMs(wait);
  }

  /** Simulated time at which a timer started now falls due; a date already past, at once. */
  private dueAtMs(due: TimerDue): number {
    const { elapsedMs, startAtMs } = this.dryRun;
    if ('durationMs' in due) return elapsedMs + due.durationMs;
    return Math.max(elapsedMs, Date.parse(due.dueAt) - startAtMs);
  }

  result(stopped: 'waiting' | 'stepLimit'): SimulationResult {
    const status = this.state?.status ?? 'running';
    return {
      status,
      stoppedBecause: status === 'incident' ? 'incident' : status === 'running' ? stopped : 'ended',
      error: this.error,
      elapsedMs: this.dryRun.elapsedMs,
      path: this.path,
      effects: this.effects,
      steps: this.steps,
      waitingFor: this.waits().map((wait) => this.describeWait(wait)),
      calls: this.calls.map(({ call, run }) => ({ ...call, result: run.result(stopped) })),
    };
  }

  private describeWait(wait: Wait): SimulationWait {
    return {
      kind: wait.kind,
      elementId: wait.elementId,
      elementName: this.model.nodes[wait.elementId]?.name ?? null,
      waitKey: wait.waitKey,
      dueInMs: wait.kind === 'timer' ? this.dueAt(wait) - this.dryRun.elapsedMs : null,
    };
  }
}
