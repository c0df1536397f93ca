/**
 * The modeler's test run: start variables and scripted answers for the diagram's user tasks,
 * sent to the simulator (`POST /api/process-definitions/simulate`, nothing is written); the
 * path it took is played on the canvas element by element, beside the effects the run would
 * have created and the variables at each step.
 */
import { api, ApiError } from '../api';
import { errorMessage, h } from '../dom';
import type { BpmnProblem, Simulation } from '../types';
import { variablesEditor, type VariablesEditor } from '../variables-editor';
import { CanvasMarks } from './canvas-marks';
import { effectText } from './effect-text';
import type { ProcessModeler } from './process-modeler';
import { sampleValue, type UserTaskOutline } from './user-tasks';

/** How long each element of the path stays the current one while the run plays. */
const FRAME_MS = 600;
/** The server's default: a diagram that loops without end stops there. */
const MAX_STEPS = 100;
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export interface TestRunHost {
  modeler(): ProcessModeler | undefined;
  /** Shows what the server refused at the elements it names, as a deploy does. */
  showProblems(heading: HTMLElement, problems: BpmnProblem[], testId: string): void;
  /** Takes those problems away once the diagram runs. */
  clearProblems(): void;
}

export interface TestRunPanel {
  element: HTMLElement;
  /** Shows the panel, with an answer for every user task now on the canvas. */
  open(): void;
  dispose(): void;
}

interface Answer {
  task: UserTaskOutline;
  editor: VariablesEditor;
  problem: HTMLElement;
}

type Visit = Simulation['path'][number];

export function testRunPanel(host: TestRunHost): TestRunPanel {
  const startVariables = variablesEditor('Start variables', 'test-run-variables');
  const startProblem = problemLine();
  const answersBox = h('div', { class: 'test-run-answers' });
  const run = h('button', { type: 'button', 'data-testid': 'test-run-start' }, 'Run');
  const close = h('button', { type: 'button', class: 'secondary' }, 'Close');
  const outcome = h('div', { class: 'test-run-outcome', 'data-testid': 'test-run-outcome' });
  const element = h(
    'section',
    { class: 'test-run', 'data-testid': 'test-run', 'aria-label': 'Test run', hidden: true },
    h(
      'div',
      { class: 'test-run-inputs' },
      h('h3', {}, 'Test run'),
      h(
        'p',
        { class: 'muted' },
        'Runs the diagram in the simulator: nothing is created. Each user task completes with its answer.',
      ),
      startVariables.element,
      startProblem,
      answersBox,
      h('div', { class: 'actions' }, run, close),
    ),
    outcome,
  );

  const answers = new Map<string, Answer>();
  let marks: CanvasMarks | undefined;
  let timer: number | undefined;
  let showingProblems = false;

  const stop = () => {
    window.clearTimeout(timer);
    timer = undefined;
  };
  const clearCanvas = () => {
    stop();
    marks?.clear();
  };

  /** The task's answer, prefilled from its outputs; kept while its outputs stay the same. */
  const answerFor = (task: UserTaskOutline): Answer => {
    const known = answers.get(task.elementId);
    const samples = Object.fromEntries(
      (task.outputs ?? []).map(({ name, type }) => [name, sampleValue(type)]),
    );
    if (known) {
      if (JSON.stringify(known.task.outputs) !== JSON.stringify(task.outputs)) {
        const entered = known.editor.read();
        const kept = Object.keys(task.outputs ? samples : entered).filter(
          (name) => name in entered,
        );
        known.editor.show({
          ...samples,
          ...Object.fromEntries(kept.map((name) => [name, entered[name]])),
        });
      }
      known.task = task;
      return known;
    }
    const editor = variablesEditor(`Answer of “${task.name}”`, `test-run-answer-${task.elementId}`);
    editor.element.setAttribute('data-element-id', task.elementId);
    editor.show(samples);
    const answer = { task, editor, problem: problemLine() };
    answers.set(task.elementId, answer);
    return answer;
  };

  const readInputs = () => {
    const modeler = host.modeler();
    if (!modeler) return null;
    const tasks = modeler.userTasks().map(answerFor);
    let valid = check(startVariables, startProblem);
    const userTasks: Record<string, Record<string, unknown>[]> = {};
    for (const answer of tasks) {
      valid = check(answer.editor, answer.problem) && valid;
      userTasks[answer.task.elementId] = [answer.editor.read()];
    }
    return valid ? { modeler, variables: startVariables.read(), userTasks } : null;
  };

  run.addEventListener('click', async () => {
    const inputs = readInputs();
    if (!inputs) return;
    const { modeler } = inputs;
    clearCanvas();
    marks = new CanvasMarks(modeler, 'fc-test-run');
    modeler.markProblems([]);
    run.disabled = true;
    outcome.replaceChildren(h('p', { class: 'muted' }, 'Running…'));
    try {
      const simulation = await api.simulateDefinition({
        bpmnXml: await modeler.xml(),
        variables: inputs.variables,
        script: { userTasks: inputs.userTasks, maxSteps: MAX_STEPS },
      });
      if (!element.isConnected) return;
      if (showingProblems) host.clearProblems();
      showingProblems = false;
      const failedAt = simulation.error?.elementId;
      if (failedAt)
        modeler.markProblems([{ elementId: failedAt, message: simulation.error?.message ?? '' }]);
      play(simulation, modeler);
    } catch (err) {
      const problems =
        err instanceof ApiError && Array.isArray(err.details) ? (err.details as BpmnProblem[]) : [];
      const message = problems.length
        ? `The simulator cannot run the diagram: it has ${problems.length} problem${problems.length === 1 ? '' : 's'}:`
        : `The test run failed: ${errorMessage(err)}`;
      outcome.replaceChildren(h('p', { class: 'error', role: 'alert' }, message));
      if (problems.length) {
        host.showProblems(h('p', { class: 'error' }, message), problems, 'test-run-errors');
        showingProblems = true;
      }
    } finally {
      run.disabled = false;
    }
  });

  close.addEventListener('click', () => {
    clearCanvas();
    element.hidden = true;
  });

  /** Shows the outcome and plays its path on the canvas from the start. */
  const play = (simulation: Simulation, modeler: ProcessModeler) => {
    const visits = simulation.path.filter((entry) => entry.event === 'started');
    const names = new Map(visits.map((visit) => [visit.elementId, visit.elementName]));
    const counter = h('span', { class: 'counter', 'data-testid': 'test-run-counter' });
    const current = h('span', { class: 'current' });
    const variables = h('pre', { class: 'variables', 'data-testid': 'test-run-step-variables' });
    const previous = h('button', { type: 'button', class: 'secondary' }, 'Previous');
    const toggle = h('button', { type: 'button', class: 'secondary' }, 'Pause');
    const next = h('button', { type: 'button', class: 'secondary' }, 'Next');
    const effects = simulation.effects.map((effect) =>
      h(
        'li',
        {
          'data-element-id': effect.elementId ?? '',
          'data-effect-type': effect.type,
          'data-step': String(effect.step),
        },
        effectText(effect),
        effect.elementId
          ? h(
              'button',
              {
                type: 'button',
                class: 'link',
                title: 'Show on the diagram',
                onclick: () => modeler.select(effect.elementId ?? ''),
              },
              names.get(effect.elementId) ?? effect.elementId,
            )
          : null,
      ),
    );
    let shown = -1;

    const show = (index: number) => {
      shown = Math.max(0, Math.min(index, visits.length - 1));
      const visit: Visit | undefined = visits[shown];
      marks?.clear();
      if (!visit) return;
      visits.slice(0, shown).forEach((earlier) => marks?.mark(earlier.elementId, 'fc-sim-visited'));
      marks?.mark(visit.elementId, 'fc-sim-current');
      marks?.overlay(visit.elementId, h('div', { class: 'fc-sim-badge' }, String(shown + 1)), {
        top: -10,
        left: -10,
      });
      counter.textContent = `Step ${shown + 1} of ${visits.length}`;
      counter.dataset.step = String(shown + 1);
      counter.dataset.steps = String(visits.length);
      current.textContent = visit.elementName || visit.elementId;
      current.dataset.elementId = visit.elementId;
      const step = simulation.steps.find((candidate) => candidate.step === visit.step);
      variables.textContent = JSON.stringify(step?.variables ?? {}, null, 2);
      for (const item of effects)
        item.classList.toggle('reached', Number(item.dataset.step) <= visit.step);
      previous.disabled = shown === 0;
      next.disabled = shown === visits.length - 1;
    };
    const advance = () => {
      show(shown + 1);
      timer = shown < visits.length - 1 ? window.setTimeout(advance, FRAME_MS) : undefined;
      toggle.textContent = timer === undefined ? 'Play' : 'Pause';
    };

    previous.addEventListener('click', () => {
      stop();
      toggle.textContent = 'Play';
      show(shown - 1);
    });
    next.addEventListener('click', () => {
      stop();
      toggle.textContent = 'Play';
      show(shown + 1);
    });
    toggle.addEventListener('click', () => {
      if (timer !== undefined) {
        stop();
        toggle.textContent = 'Play';
        return;
      }
      if (shown === visits.length - 1) shown = -1;
      advance();
    });

    outcome.replaceChildren(
      h(
        'p',
        {
          class: simulation.stoppedBecause === 'incident' ? 'error' : 'ok',
          role: 'status',
          'data-testid': 'test-run-status',
          'data-stopped-because': simulation.stoppedBecause,
        },
        outcomeText(simulation),
      ),
      h('div', { class: 'test-run-player' }, previous, toggle, next, counter, current),
      h('h4', {}, 'Effects it would create'),
      effects.length
        ? h('ol', { class: 'test-run-effects', 'data-testid': 'test-run-effects' }, effects)
        : h('p', { class: 'muted' }, 'None.'),
      h('h4', {}, 'Variables at this step'),
      variables,
    );
    if (visits.length) advance();
  };

  return {
    element,
    open: () => {
      const tasks = host.modeler()?.userTasks() ?? [];
      const shown = tasks.map(answerFor);
      answersBox.replaceChildren(
        ...(shown.length
          ? shown.map((answer) => h('div', {}, answer.editor.element, answer.problem))
          : [h('p', { class: 'muted' }, 'The diagram has no user task to answer.')]),
      );
      element.hidden = false;
    },
    dispose: clearCanvas,
  };
}

function problemLine(): HTMLElement {
  return h('p', { class: 'error', role: 'alert', hidden: true });
}

/** Whether every row names a variable once; says which ones do not. */
function check(editor: VariablesEditor, problem: HTMLElement): boolean {
  const names = [...editor.element.querySelectorAll<HTMLInputElement>('[name="variable-name"]')]
    .map((input) => input.value.trim())
    .filter(Boolean);
  const invalid = names.filter((name) => !VARIABLE_NAME.test(name));
  const twice = names.filter((name, index) => names.indexOf(name) !== index);
  const message = invalid.length
    ? `Not a variable name (letters, digits and _): ${invalid.join(', ')}`
    : twice.length
      ? `Given twice: ${[...new Set(twice)].join(', ')}`
      : '';
  problem.textContent = message;
  problem.hidden = !message;
  editor.element.toggleAttribute('aria-invalid', Boolean(message));
  return !message;
}

function outcomeText(simulation: Simulation): string {
  const visited = new Set(simulation.path.map((entry) => entry.elementId)).size;
  const through = `through ${visited} element${visited === 1 ? '' : 's'}`;
  switch (simulation.stoppedBecause) {
    case 'ended':
      return `The run ended (${simulation.status}) ${through}.`;
    case 'incident':
      return `The run stopped on an incident ${through}: ${simulation.error?.message ?? ''}`;
    case 'waiting': {
      const waits = simulation.waitingFor.map((wait) => wait.elementName || wait.elementId);
      return `The run waits at ${waits.join(', ')} ${through}: the script answers nothing there.`;
    }
    default:
      return `The run reached its step limit ${through}.`;
  }
}
