import { request } from '../api';
import { errorMessage, h } from '../dom';
import { shellApi, type SearchKind, type SearchResult } from '../shell-api';

/** Typing pauses this long before a search is sent. */
const TYPING_PAUSE_MS = 200;

const GROUPS: { kind: SearchKind; label: string }[] = [
  { kind: 'client', label: 'Clients' },
  { kind: 'contact', label: 'Contacts' },
  { kind: 'deal', label: 'Deals' },
  { kind: 'task', label: 'Tasks' },
];

/** Where a result opens: a client's card, a deal's board, a task beside its client. */
async function open(result: SearchResult): Promise<void> {
  const id = encodeURIComponent(result.id);
  if (result.type === 'task') location.hash = `#/tasks/${id}`;
  else if (result.type === 'deal') {
    const deal = await request<{ pipelineId: string }>('GET', `/deals/${id}`);
    location.hash = `#/deals/${encodeURIComponent(deal.pipelineId)}`;
  } else location.hash = `#/clients/${id}`;
}

/**
 * The header's search over clients, contacts, deals and tasks: a combobox whose results are
 * grouped by kind. `/` focuses it from anywhere but a text field; the arrow keys move through
 * the results, Enter opens one, Escape closes the list.
 */
export function globalSearch(): { element: HTMLElement; close(): void } {
  let results: SearchResult[] = [];
  let active = -1;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let asked = 0;

  const input = h('input', {
    type: 'search',
    role: 'combobox',
    placeholder: 'Search… ( / )',
    'aria-label': 'Search clients, contacts, deals and tasks',
    'aria-autocomplete': 'list',
    'aria-expanded': 'false',
    'aria-controls': 'global-search-results',
    'aria-keyshortcuts': '/',
    autocomplete: 'off',
    'data-testid': 'global-search',
  });
  const list = h('div', {
    id: 'global-search-results',
    role: 'listbox',
    class: 'global-search-results',
    'aria-label': 'Search results',
    hidden: true,
  });
  const element = h('div', { class: 'global-search', role: 'search' }, input, list);

  const optionId = (index: number) => `global-search-option-${index}`;

  const setActive = (index: number) => {
    active = index;
    for (const option of list.querySelectorAll('[role="option"]')) {
      option.setAttribute('aria-selected', String(option.id === optionId(index)));
    }
    if (index >= 0) {
      input.setAttribute('aria-activedescendant', optionId(index));
      document.getElementById(optionId(index))?.scrollIntoView({ block: 'nearest' });
    } else input.removeAttribute('aria-activedescendant');
  };

  const show = (visible: boolean) => {
    list.hidden = !visible;
    input.setAttribute('aria-expanded', String(visible));
    if (!visible) setActive(-1);
  };

  const choose = (result: SearchResult) => {
    show(false);
    input.value = '';
    input.blur();
    open(result).catch((err) => {
      list.replaceChildren(h('p', { class: 'error', role: 'alert' }, errorMessage(err)));
      show(true);
    });
  };

  const render = (message?: string) => {
    if (message) {
      list.replaceChildren(h('p', { class: 'muted', role: 'status' }, message));
      show(true);
      return;
    }
    // Grouped by kind; the options are numbered in the order shown, which the arrow keys follow.
    const ordered: SearchResult[] = [];
    const groups = GROUPS.flatMap(({ kind, label }) => {
      const members = results.filter((result) => result.type === kind);
      if (!members.length) return [];
      const options = members.map((result) => {
        const index = ordered.push(result) - 1;
        return h(
          'div',
          {
            id: optionId(index),
            role: 'option',
            class: 'search-option',
            'aria-selected': 'false',
            'data-kind': result.type,
            'data-id': result.id,
            // Keep the focus in the input, so the click is the only thing that happens.
            onmousedown: (event: MouseEvent) => event.preventDefault(),
            onclick: () => choose(result),
          },
          h('span', { class: 'search-title' }, result.title),
          h('span', { class: 'search-subtitle muted' }, result.subtitle),
        );
      });
      const headingId = `global-search-group-${kind}`;
      return [
        h(
          'div',
          { role: 'group', 'aria-labelledby': headingId, 'data-testid': `search-group-${kind}` },
          h('div', { id: headingId, class: 'search-group-label', role: 'presentation' }, label),
          options,
        ),
      ];
    });
    results = ordered;
    list.replaceChildren(...groups);
    show(true);
    setActive(results.length ? 0 : -1);
  };

  const runSearch = async () => {
    const q = input.value.trim();
    if (q.length < 2) {
      results = [];
      show(false);
      return;
    }
    const ticket = ++asked;
    try {
      const page = await shellApi.search(q);
      if (ticket !== asked) return;
      results = page.items;
      if (results.length) render();
      else render(`Nothing found for "${q}".`);
    } catch (err) {
      if (ticket === asked) render(`Search failed: ${errorMessage(err)}`);
    }
  };

  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(runSearch, TYPING_PAUSE_MS);
  });
  input.addEventListener('keydown', (event) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      if (list.hidden && results.length) show(true);
      if (!results.length) return;
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive((active + step + results.length) % results.length);
    } else if (event.key === 'Enter') {
      event.preventDefault();
      const result = results[active] ?? results[0];
      if (result && !list.hidden) choose(result);
      else void runSearch();
    } else if (event.key === 'Escape') {
      if (!list.hidden) event.preventDefault();
      show(false);
    }
  });
  input.addEventListener('blur', () => show(false));
  input.addEventListener('focus', () => {
    if (results.length) render();
  });

  const onSlash = (event: KeyboardEvent) => {
    if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.target as HTMLElement | null;
    const typing =
      target?.isContentEditable ||
      ['INPUT', 'TEXTAREA', 'SELECT'].includes(target?.tagName ?? '') ||
      target?.closest('.djs-container');
    if (typing) return;
    event.preventDefault();
    input.focus();
    input.select();
  };
  document.addEventListener('keydown', onSlash);

  return {
    element,
    close: () => {
      clearTimeout(timer);
      document.removeEventListener('keydown', onSlash);
    },
  };
}
