/**
 * The form-js editor in a modal dialog, for a user task's form. What it saves is checked as
 * the compiler checks it (`readForm`), so a form the dialog accepts deploys.
 */
import { FormEditor, schemaVersion } from '@bpmn-io/form-js';
import { readForm } from '../../../workflows/bpmn/forms';
import { errorMessage, h } from '../dom';

/** The analyst's choice: the form's JSON text, no form at all, or leave it as it was. */
export type FormChoice = { save: string } | { remove: true } | null;

/** An empty form for the task `taskId`. */
function emptySchema(taskId: string): object {
  return { type: 'default', id: `Form_${taskId}`, components: [], schemaVersion };
}

export async function editForm(
  taskName: string,
  taskId: string,
  json: string,
): Promise<FormChoice> {
  const canvas = h('div', { class: 'fc-form-editor', 'data-testid': 'form-editor' });
  const problems = h('p', { class: 'error', role: 'alert', hidden: true });
  const save = h('button', { type: 'button', 'data-testid': 'form-editor-save' }, 'Save form');
  const remove = h('button', { type: 'button', class: 'secondary', hidden: !json }, 'Remove form');
  const cancel = h('button', { type: 'button', class: 'secondary' }, 'Cancel');
  const dialog = h(
    'dialog',
    { class: 'fc-form-dialog', 'aria-label': `Form of ${taskName}` },
    h('h3', {}, `Form of “${taskName}”`),
    canvas,
    problems,
    h('div', { class: 'actions' }, save, remove, cancel),
  );
  document.body.append(dialog);
  dialog.showModal();
  const editor = new FormEditor({ container: canvas });
  try {
    await editor.importSchema(json ? JSON.parse(json) : emptySchema(taskId));
  } catch (err) {
    problems.textContent = `The form could not be read: ${errorMessage(err)}`;
    problems.hidden = false;
  }

  return new Promise<FormChoice>((resolve) => {
    const close = (choice: FormChoice) => {
      editor.destroy();
      dialog.close();
      dialog.remove();
      resolve(choice);
    };
    save.addEventListener('click', () => {
      const text = JSON.stringify(editor.saveSchema());
      const reading = readForm(text);
      if (!reading.ok) {
        problems.textContent = reading.problems.join('; ');
        problems.hidden = false;
        return;
      }
      close({ save: text });
    });
    remove.addEventListener('click', () => close({ remove: true }));
    cancel.addEventListener('click', () => close(null));
    // Escape closes a modal dialog by itself; the editor goes with it.
    dialog.addEventListener('cancel', (event) => {
      event.preventDefault();
      close(null);
    });
  });
}
