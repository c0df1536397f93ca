/**
 * A task's form-js form (the schema the server gives with the task), rendered by the form-js
 * viewer: it checks its own fields (required, patterns) before the server does.
 */
import { Form } from '@bpmn-io/form-js';
import { errorMessage, h } from './dom';

export interface TaskForm {
  element: HTMLElement;
  /** The form's data, or null when a field is invalid (the form shows which). */
  read(): Record<string, unknown> | null;
  /** Shows what the server refused, on the form. */
  showError(message: string): void;
  /** Releases the viewer. */
  destroy(): void;
}

export function taskForm(schema: Record<string, unknown>): TaskForm {
  const container = h('div', { class: 'task-form', 'data-testid': 'task-form' });
  const problem = h('p', {
    class: 'error',
    role: 'alert',
    hidden: true,
    'data-testid': 'task-form-error',
  });
  const form = new Form({ container });
  form.importSchema(withTimeOffsets(schema)).catch((err: unknown) => {
    problem.textContent = `The form could not be shown: ${errorMessage(err)}`;
    problem.hidden = false;
  });
  return {
    element: h('div', {}, container, problem),
    read: () => {
      problem.hidden = true;
      const { data, errors } = form.submit();
      return Object.keys(errors).length ? null : (data as Record<string, unknown>);
    },
    showError: (message) => {
      problem.textContent = message;
      problem.hidden = false;
    },
    destroy: () => form.destroy(),
  };
}

/**
 * The schema with every date and time field that names no time format given the one the
 * form-js editor writes by default (`utc_offset`): without it form-js writes the local time
 * alone (`2030-01-31T09:30`), where the compiler, reading no format, expects a moment. A field
 * set to "No timezone" (`no_timezone`) keeps it: the compiler types it as a local date and time.
 */
function withTimeOffsets(schema: Record<string, unknown>): Record<string, unknown> {
  const fixed: Record<string, unknown> = { ...schema };
  if (fixed.type === 'datetime' && fixed.subtype === 'datetime') {
    fixed.timeSerializingFormat ??= 'utc_offset';
  }
  if (Array.isArray(fixed.components)) {
    fixed.components = fixed.components.map((component: unknown) =>
      typeof component === 'object' && component !== null && !Array.isArray(component)
        ? withTimeOffsets(component as Record<string, unknown>)
        : component,
    );
  }
  return fixed;
}
