import { h } from './dom';

export interface VariablesEditor {
  element: HTMLElement;
  /** The variables as entered; a value that reads as JSON (number, true, a list) is taken as such. */
  read(): Record<string, unknown>;
  /** Replaces the rows with these variables. */
  show(variables: Record<string, unknown>): void;
}

/**
 * Rows of name and value, with buttons to add and remove rows. Used where the server takes
 * free-form variables: completing a task whose outputs are not declared, and an instance's
 * variables.
 */
export function variablesEditor(label: string, testId: string): VariablesEditor {
  const rows = h('tbody');
  let count = 0;

  const addRow = (name = '', value = '') => {
    count += 1;
    const nameInput = h('input', {
      name: 'variable-name',
      value: name,
      'aria-label': `Name of variable ${count}`,
    });
    const valueInput = h('input', {
      name: 'variable-value',
      value,
      'aria-label': `Value of variable ${count}`,
    });
    const row: HTMLTableRowElement = h(
      'tr',
      {},
      h('td', {}, nameInput),
      h('td', {}, valueInput),
      h(
        'td',
        {},
        h(
          'button',
          {
            type: 'button',
            class: 'secondary',
            'aria-label': `Remove variable ${count}`,
            onclick: () => row.remove(),
          },
          '×',
        ),
      ),
    );
    rows.append(row);
    return nameInput;
  };

  const element = h(
    'fieldset',
    { class: 'variables-editor', 'data-testid': testId },
    h('legend', {}, label),
    h(
      'table',
      { class: 'list' },
      h('thead', {}, h('tr', {}, h('th', {}, 'Name'), h('th', {}, 'Value'), h('th', {}))),
      rows,
    ),
    h(
      'button',
      { type: 'button', class: 'secondary', onclick: () => addRow().focus() },
      'Add variable',
    ),
  );

  return {
    element,
    read: () => {
      const variables: Record<string, unknown> = {};
      for (const row of rows.rows) {
        const [name, value] = [...row.querySelectorAll('input')].map((input) => input.value);
        if (name.trim()) variables[name.trim()] = parseValue(value);
      }
      return variables;
    },
    show: (variables) => {
      rows.replaceChildren();
      count = 0;
      for (const [name, value] of Object.entries(variables)) {
        // A text that would read back as something else ("42") is shown quoted.
        const plainText = typeof value === 'string' && parseValue(value) === value;
        addRow(name, plainText ? value : JSON.stringify(value));
      }
    },
  };
}

/** `42`, `true`, `null`, `[1,2]` and `{"a":1}` are JSON; anything else is the text itself. */
function parseValue(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
