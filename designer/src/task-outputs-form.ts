/**
 * The completion form of a task that declares outputs but has no form-js form: one labelled,
 * typed field per output, checked in the browser by the server's own validator
 * (`workflows/engine/task-outputs.ts`), so a refusal reads the same on both sides.
 */
import { outputProblems } from '../../workflows/engine/task-outputs';
import type { TaskOutput } from '../../workflows/engine/model';
import { h } from './dom';
import type { TaskForm } from './task-form';

type OutputInput = HTMLInputElement | HTMLSelectElement;

interface OutputField {
  output: TaskOutput;
  input: OutputInput;
  problem: HTMLElement;
}

export function outputsForm(outputs: TaskOutput[]): TaskForm {
  const fields = outputs.map(outputField);
  const problem = h('p', {
    class: 'error',
    role: 'alert',
    hidden: true,
    'data-testid': 'task-form-error',
  });
  const element = h(
    'div',
    { class: 'task-form', 'data-testid': 'task-outputs' },
    fields.map(({ output, input, problem: fieldProblem }) =>
      h(
        'div',
        { class: 'output-field' },
        h(
          'label',
          { for: input.id },
          output.name,
          output.required ? h('span', { class: 'required', title: 'required' }, ' *') : null,
        ),
        input,
        fieldProblem,
      ),
    ),
    problem,
  );
  return {
    element,
    read: () => {
      problem.hidden = true;
      const variables: Record<string, unknown> = {};
      for (const { output, input } of fields) {
        const value = valueOf(output, input);
        if (value !== undefined) variables[output.name] = value;
      }
      const problems = outputProblems(outputs, variables);
      for (const field of fields) {
        const messages = problems.filter((found) => found.field === field.output.name);
        field.problem.textContent = messages.map((found) => found.message).join('; ');
        field.problem.hidden = messages.length === 0;
        field.input.setAttribute('aria-invalid', String(messages.length > 0));
      }
      return problems.length ? null : variables;
    },
    showError: (message) => {
      problem.textContent = message;
      problem.hidden = false;
    },
    destroy: () => undefined,
  };
}

let fieldCount = 0;

function outputField(output: TaskOutput): OutputField {
  fieldCount += 1;
  const id = `task-output-${fieldCount}`;
  const problem = h('p', {
    class: 'error',
    role: 'alert',
    hidden: true,
    'data-testid': `output-problem-${output.name}`,
  });
  problem.id = `${id}-problem`;
  // aria-required, not required: the browser's own check would stop the submit before the
  // validator's message could show beside the field.
  const common = {
    id,
    name: output.name,
    'aria-describedby': problem.id,
    'aria-required': String(output.required),
  };
  return { output, input: inputFor(output, common), problem };
}

function inputFor(output: TaskOutput, common: Record<string, string>): OutputInput {
  if (output.values && output.type !== 'boolean') {
    return h(
      'select',
      common,
      h('option', { value: '' }, ''),
      output.values.map((allowed) => h('option', { value: String(allowed) }, String(allowed))),
    );
  }
  switch (output.type) {
    case 'boolean':
      return h('input', { ...common, type: 'checkbox' });
    // Text with a decimal keypad: a number input would hide what was typed ("12 000") and
    // send nothing, where the validator names the wrong value.
    case 'number':
      return h('input', { ...common, type: 'text', inputmode: 'decimal' });
    case 'date':
      return h('input', { ...common, type: 'date' });
    case 'time':
      return h('input', { ...common, type: 'time' });
    case 'dateTime':
    case 'localDateTime':
      return h('input', { ...common, type: 'datetime-local' });
    case 'string':
      return h('input', { ...common, type: 'text' });
  }
}

/** The field's value as the completion sends it; undefined when left empty. */
function valueOf(output: TaskOutput, input: OutputInput): unknown {
  if (output.type === 'boolean' && input instanceof HTMLInputElement) return input.checked;
  const text = input.value.trim();
  if (text === '') return undefined;
  if (output.values) {
    return output.values.find((allowed) => String(allowed) === input.value) ?? input.value;
  }
  switch (output.type) {
    case 'number': {
      const number = Number(text);
      // Anything that is not a plain number goes as typed, for the validator to name it.
      return /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text) && Number.isFinite(number)
        ? number
        : text;
    }
    case 'dateTime': {
      // The browser gives the local date and time; the server takes a moment with its offset.
      const moment = new Date(text);
      return Number.isNaN(moment.getTime()) ? text : moment.toISOString();
    }
    default:
      return input.value;
  }
}
