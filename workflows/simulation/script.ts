/**
 * The script of a dry run: the answers for user tasks and timers, and the limits. An element of
 * the simulated diagram is named by its id; one of a called process by its id too, or as
 * `<process key>/<element id>` where ids repeat across the processes (a BPMN id holds no `/`).
 * The qualified name wins over the bare id in the called process it names.
 */
import type { ExecutableModel } from '../engine/model';
import { isPlainObject } from '../engine/plain-object';
import { outputProblems } from '../engine/task-outputs';
import type { Variables } from '../engine/types';

export const DEFAULT_MAX_STEPS = 100;
export const MAX_STEPS_LIMIT = 1000;

export type TimerAnswer = 'fire' | 'wait';

export interface SimulationScript {
  /** User task element id → the variables to complete it with, one entry per time it opens. */
  userTasks?: Record<string, Variables[]>;
  /** Timer element id → `fire` when due (what an unlisted timer does) or `wait` (stop there). */
  timers?: Record<string, TimerAnswer>;
  /**
   * How many events (completions, timers, called instances starting and ending) may follow the
   * start; `DEFAULT_MAX_STEPS` unless set.
   */
  maxSteps?: number;
}

/** The script entry for an element of a process: `<process key>/<element id>`, else the id. */
export function scriptName(
  entries: Record<string, unknown> | undefined,
  processKey: string,
  elementId: string,
): string {
  const qualified = `${processKey}/${elementId}`;
  return entries && Object.hasOwn(entries, qualified) ? qualified : elementId;
}

/**
 * What is wrong with a script for this model and the processes it calls; empty when it can run.
 * `models` are the simulated diagram's model and those of every process it may call.
 */
export function scriptProblems(
  model: ExecutableModel,
  script: SimulationScript,
  calledModels: ExecutableModel[] = [],
): string[] {
  const models = [model, ...calledModels];
  const problems: string[] = [];
  /** The element the name stands for, reporting it when no model has it. */
  const elementsNamed = (field: string, name: string) => {
    const slash = name.indexOf('/');
    const processKey = slash < 0 ? null : name.slice(0, slash);
    const elementId = slash < 0 ? name : name.slice(slash + 1);
    const found = models
      .filter((candidate) => processKey === null || candidate.processId === processKey)
      .flatMap((candidate) => candidate.nodes[elementId] ?? []);
    if (found.length === 0) {
      problems.push(
        processKey === null
          ? `${field}: the diagram has no element "${elementId}"`
          : `${field}: no process "${processKey}" it runs has an element "${elementId}"`,
      );
    }
    return found;
  };
  const { userTasks = {}, timers = {}, maxSteps = DEFAULT_MAX_STEPS } = script;
  if (!isPlainObject(userTasks)) problems.push('userTasks must map element ids to answers');
  else {
    for (const [name, answers] of Object.entries(userTasks)) {
      const elements = elementsNamed('userTasks', name);
      if (!Array.isArray(answers) || !answers.every(isPlainObject)) {
        problems.push(`userTasks.${name} must be a list of variable objects`);
        continue;
      }
      // An answer the task's declared outputs refuse would be refused by the API as well.
      for (const task of elements) {
        const outputs = task.kind === 'userTask' ? task.outputs : undefined;
        answers.forEach((answer: Variables, index) => {
          for (const problem of outputProblems(outputs, answer)) {
            problems.push(`userTasks.${name}[${index}]: ${problem.message}`);
          }
        });
      }
    }
  }
  if (!isPlainObject(timers)) problems.push('timers must map element ids to "fire" or "wait"');
  else {
    for (const [name, answer] of Object.entries(timers)) {
      elementsNamed('timers', name);
      if (answer !== 'fire' && answer !== 'wait') {
        problems.push(`timers.${name} must be "fire" or "wait"`);
      }
    }
  }
  if (!Number.isInteger(maxSteps) || maxSteps < 1 || maxSteps > MAX_STEPS_LIMIT) {
    problems.push(`maxSteps must be an integer from 1 to ${MAX_STEPS_LIMIT}`);
  }
  return [...new Set(problems)];
}
