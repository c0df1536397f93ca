/**
 * Dry runs: a diagram's executable model run on the pure engine in memory, with scripted answers
 * for its user tasks and timers. Nothing is written and no clock is read: the effects the engine
 * asks for are collected instead of written, and simulated time moves only when a timer fires.
 *
 * Each step feeds the engine one event, in this order of preference: the first open user task
 * (in the order the tasks opened) that still has a scripted answer is completed with it; else
 * the timer due first fires, unless the script holds it. A wait of any other kind, a user task
 * without an answer left or a held timer stops the run, reported as what it waits for.
 */
import { advance, start } from '../engine/engine';
import type { ExecutableModel } from '../engine/model';
import { isPlainObject } from '../engine/plain-object';
import { outputProblems } from '../engine/task-outputs';
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

/** The instance id of every dry run; effect and wait keys start with it. */
export const SIMULATION_INSTANCE_ID = 'simulation';
export const DEFAULT_MAX_STEPS = 100;
export const MAX_STEPS_LIMIT = 1000;

export type TimerAnswer = 'fire' | 'wait';

export interface SimulationScript {
  /** User task element id → the variables to complete it with, one entry per time it opens. */
  userTasks?: Record<string, Variables[]>;
  /** Timer element id → `fire` when due (what an unlisted timer does) or `wait` (stop there). */
  timers?: Record<string, TimerAnswer>;
  /** How many events (completions, timers) may follow the start; `DEFAULT_MAX_STEPS` unless set. */
  maxSteps?: number;
}

export type SimulationTrigger =
  | { type: 'start'; elementId: null; variables: Variables }
  | { type: 'userTaskCompleted'; elementId: string; variables: Variables }
  | { type: 'timerFired'; elementId: string; variables: null };

export interface SimulationStep {
  /** 0 for the start, then one per event. */
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
}

/** What is wrong with a script for this model; empty when it can run. */
export function scriptProblems(model: ExecutableModel, script: SimulationScript): string[] {
  const problems: string[] = [];
  const checkElement = (field: string, elementId: string) => {
    if (!model.nodes[elementId])
      problems.push(`${field}: the diagram has no element "${elementId}"`);
  };
  const { userTasks = {}, timers = {}, maxSteps = DEFAULT_MAX_STEPS } = script;
  if (!isPlainObject(userTasks)) problems.push('userTasks must map element ids to answers');
  else {
    for (const [elementId, answers] of Object.entries(userTasks)) {
      checkElement('userTasks', elementId);
      if (!Array.isArray(answers) || !answers.every(isPlainObject)) {
        problems.push(`userTasks.${elementId} must be a list of variable objects`);
        continue;
      }
      // An answer the task's declared outputs refuse would be refused by the API as well.
      const task = model.nodes[elementId];
      const outputs = task?.kind === 'userTask' ? task.outputs : undefined;
      answers.forEach((answer: Variables, index) => {
        for (const problem of outputProblems(outputs, answer)) {
          problems.push(`userTasks.${elementId}[${index}]: ${problem.message}`);
        }
      });
    }
  }
  if (!isPlainObject(timers)) problems.push('timers must map element ids to "fire" or "wait"');
  else {
    for (const [elementId, answer] of Object.entries(timers)) {
      checkElement('timers', elementId);
      if (answer !== 'fire' && answer !== 'wait') {
        problems.push(`timers.${elementId} must be "fire" or "wait"`);
      }
    }
  }
  if (!Number.isInteger(maxSteps) || maxSteps < 1 || maxSteps > MAX_STEPS_LIMIT) {
    problems.push(`maxSteps must be an integer from 1 to ${MAX_STEPS_LIMIT}`);
  }
  return problems;
}

/**
 * Runs the model from its start with `variables` as far as the script answers. Simulated time
 * starts at `startAtMs` (epoch ms; the caller's "now", since this code reads no clock): a timer
 * until a date falls due that long after the start.
 */
export function simulate(
  model: ExecutableModel,
  variables: Variables,
  script: SimulationScript = {},
  startAtMs = 0,
): SimulationResult {
  const problems = scriptProblems(model, script);
  if (problems.length > 0) throw new Error(`invalid simulation script: ${problems.join('; ')}`);
  return new DryRun(model, script, startAtMs).run(variables);
}

/** The next event to feed the engine, with the trigger it is reported as. */
interface NextEvent {
  event: EngineEvent;
  trigger: SimulationTrigger;
  /** When it happens in simulated time. */
  atMs: number;
}

class DryRun {
  private elapsedMs = 0;
  private readonly timerDueAt = new Map<string, number>();
  private readonly answersUsed = new Map<string, number>();
  /** The element of each wait key seen, for effects that name only the wait. */
  private readonly waitElements = new Map<string, string>();
  private readonly path: PathEntry[] = [];
  private readonly effects: SimulatedEffect[] = [];
  private readonly steps: SimulationStep[] = [];
  private error: SimulationResult['error'] = null;

  constructor(
    private readonly model: ExecutableModel,
    private readonly script: SimulationScript,
    private readonly startAtMs: number,
  ) {}

  run(variables: Variables): SimulationResult {
    // As a new instance runs: with run scopes (see `EngineState.runScopes`).
    const input = { instanceId: SIMULATION_INSTANCE_ID, variables, runScopes: true };
    let state = this.record(start(this.model, input), {
      type: 'start',
      elementId: null,
      variables,
    });
    const maxSteps = this.script.maxSteps ?? DEFAULT_MAX_STEPS;
    let stoppedBecause: SimulationResult['stoppedBecause'] = 'ended';
    while (state.status === 'running') {
      const next = this.nextEvent(state);
      if (!next) {
        stoppedBecause = 'waiting';
        break;
      }
      if (this.steps.length > maxSteps) {
        stoppedBecause = 'stepLimit';
        break;
      }
      this.elapsedMs = Math.max(this.elapsedMs, next.atMs);
      if (next.trigger.type === 'userTaskCompleted') {
        const { elementId } = next.trigger;
        this.answersUsed.set(elementId, (this.answersUsed.get(elementId) ?? 0) + 1);
      }
      state = this.record(advance(this.model, state, next.event), next.trigger);
    }
    if (state.status === 'incident') stoppedBecause = 'incident';
    return {
      status: state.status,
      stoppedBecause,
      error: this.error,
      elapsedMs: this.elapsedMs,
      path: this.path,
      effects: this.effects,
      steps: this.steps,
      waitingFor: state.waits.map((wait) => this.describeWait(wait)),
    };
  }

  /** Takes in one engine step's commands as the shell would carry them out. */
  private record(
    { state, commands }: { state: EngineState; commands: Command[] },
    trigger: SimulationTrigger,
  ): EngineState {
    const step = this.steps.length;
    for (const command of commands) {
      switch (command.type) {
        case 'writeEffects':
          for (const effect of command.effects) this.takeEffect(step, effect);
          break;
        case 'startTimer':
          this.timerDueAt.set(command.waitKey, this.dueAtMs(command));
          break;
        case 'cancelTimer':
          this.timerDueAt.delete(command.waitKey);
          break;
      }
    }
    for (const wait of state.waits) this.waitElements.set(wait.waitKey, wait.elementId);
    this.steps.push({ step, trigger, elapsedMs: this.elapsedMs, variables: state.variables });
    return state;
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
    const elementId =
      'elementId' in effect
        ? effect.elementId
        : 'waitKey' in effect
          ? (this.waitElements.get(effect.waitKey) ?? null)
          : null;
    this.effects.push({ ...effect, step, elementId });
  }

  private nextEvent(state: EngineState): NextEvent | null {
    for (const wait of state.waits) {
      if (wait.kind !== 'userTask') continue;
      const answers = this.script.userTasks?.[wait.elementId] ?? [];
      const used = this.answersUsed.get(wait.elementId) ?? 0;
      if (used >= answers.length) continue;
      const variables = answers[used];
      return {
        event: { type: 'userTaskCompleted', waitKey: wait.waitKey, variables, completedBy: null },
        trigger: { type: 'userTaskCompleted', elementId: wait.elementId, variables },
        atMs: this.elapsedMs,
      };
    }
    let first: NextEvent | null = null;
    for (const wait of state.waits) {
      if (wait.kind !== 'timer' || this.script.timers?.[wait.elementId] === 'wait') continue;
      const atMs = this.dueAt(wait);
      if (first === null || atMs < first.atMs) {
        first = {
          event: { type: 'timerFired', waitKey: wait.waitKey },
          trigger: { type: 'timerFired', elementId: wait.elementId, variables: null },
          atMs,
        };
      }
    }
    return first;
  }

  private dueAt(wait: Extract<Wait, { kind: 'timer' }>): number {
    return this.timerDueAt.get(wait.waitKey) ?? this.dueAtMs(wait);
  }

  /** Simulated time at which a timer started now falls due; a date already past, at once. */
  private dueAtMs(due: TimerDue): number {
    if ('durationMs' in due) return this.elapsedMs + due.durationMs;
    return Math.max(this.elapsedMs, Date.parse(due.dueAt) - this.startAtMs);
  }

  private describeWait(wait: Wait): SimulationWait {
    return {
      kind: wait.kind,
      elementId: wait.elementId,
      elementName: this.model.nodes[wait.elementId]?.name ?? null,
      waitKey: wait.waitKey,
      dueInMs: wait.kind === 'timer' ? this.dueAt(wait) - this.elapsedMs : null,
    };
  }
}
