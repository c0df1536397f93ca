import { api, session } from './api';
import { errorMessage, formatDate, h, headRow } from './dom';
import {
  defined,
  shellApi,
  type ClientListQuery,
  type ClientSort,
  type SavedView,
} from './shell-api';
import type { ClientRecord } from './types';

/** The view last chosen in this tab, so that a reload shows the list as it was. */
const CHOSEN_VIEW_KEY = 'flowcard.clientView';

const SORTS: { value: ClientSort; label: string }[] = [
  { value: 'name', label: 'Name' },
  { value: 'createdAt', label: 'Created' },
  { value: 'updatedAt', label: 'Updated' },
];

const labelled = (text: string, control: HTMLElement) =>
  h('label', { class: 'filter' }, h('span', {}, text), control);

const options = (entries: [string, string][]) =>
  entries.map(([value, label]) => h('option', { value }, label));

/**
 * The client list: filters (name, status, kind, owner, tag), sort, and the user's saved views
 * of them (kept on the server, private to the user) with a picker to apply one.
 */
export function mountClientList(root: HTMLElement): () => void {
  let disposed = false;
  let views: SavedView[] = [];

  const q = h('input', {
    type: 'search',
    name: 'q',
    'aria-label': 'Search clients',
    placeholder: 'Name',
  });
  const status = h('select', { name: 'status', 'aria-label': 'Status' }, options([['', 'Any']]));
  const kind = h(
    'select',
    { name: 'kind', 'aria-label': 'Kind' },
    options([
      ['', 'Any'],
      ['company', 'Company'],
      ['person', 'Person'],
    ]),
  );
  const owner = h(
    'select',
    { name: 'ownerId', 'aria-label': 'Owner' },
    options([
      ['', 'Anyone'],
      ['me', 'Me'],
    ]),
  );
  const tag = h('input', { name: 'tag', 'aria-label': 'Tag', size: 10 });
  const sort = h(
    'select',
    { name: 'sort', 'aria-label': 'Sort by' },
    SORTS.map(({ value, label }) => h('option', { value }, label)),
  );
  const order = h(
    'select',
    { name: 'order', 'aria-label': 'Order' },
    options([
      ['asc', 'Ascending'],
      ['desc', 'Descending'],
    ]),
  );
  const picker = h('select', {
    name: 'view',
    'aria-label': 'Saved view',
    'data-testid': 'saved-view-picker',
    onchange: () => choose(picker.value),
  });
  const viewName = h('input', {
    name: 'viewName',
    'aria-label': 'Name of the view to save',
    placeholder: 'View name',
    maxlength: 100,
  });
  const deleteButton = h(
    'button',
    { type: 'button', class: 'secondary', onclick: () => void deleteChosen() },
    'Delete view',
  );
  const viewNote = h('p', { role: 'status', class: 'muted' });
  const rows = h('tbody', { 'data-testid': 'clients' });
  const listNote = h('p', { class: 'muted', role: 'status' });

  const current = (): ClientListQuery => ({
    q: q.value.trim(),
    status: status.value,
    kind: (kind.value || undefined) as ClientListQuery['kind'],
    ownerId: owner.value,
    tag: tag.value.trim(),
    sort: sort.value as ClientSort,
    order: order.value as 'asc' | 'desc',
  });

  const fill = (view: ClientListQuery) => {
    q.value = view.q ?? '';
    status.value = view.status ?? '';
    kind.value = view.kind ?? '';
    owner.value = view.ownerId === 'me' ? 'me' : '';
    tag.value = view.tag ?? '';
    sort.value = view.sort ?? 'name';
    order.value = view.order ?? 'asc';
  };

  const load = async () => {
    listNote.textContent = 'Loading…';
    try {
      const page = await shellApi.listClients(current());
      if (disposed) return;
      listNote.textContent = page.items.length ? '' : 'No clients found.';
      rows.replaceChildren(...page.items.map(clientRow));
    } catch (err) {
      if (!disposed) listNote.textContent = `Could not load clients: ${errorMessage(err)}`;
    }
  };

  const renderPicker = (chosen: string) => {
    picker.replaceChildren(
      h('option', { value: '' }, views.length ? 'All clients' : 'No saved views'),
      ...views.map((view) => h('option', { value: view.id }, view.name)),
    );
    picker.value = views.some((view) => view.id === chosen) ? chosen : '';
    deleteButton.disabled = !picker.value;
  };

  function choose(id: string) {
    const view = views.find((candidate) => candidate.id === id);
    if (view) {
      sessionStorage.setItem(CHOSEN_VIEW_KEY, view.id);
      fill({ ...view.filters, sort: view.sort, order: view.order } as ClientListQuery);
    } else {
      sessionStorage.removeItem(CHOSEN_VIEW_KEY);
      fill({});
    }
    deleteButton.disabled = !view;
    void load();
  }

  const saveView = async (event: SubmitEvent) => {
    event.preventDefault();
    const name = viewName.value.trim();
    if (!name) {
      viewNote.textContent = 'Name the view to save it.';
      return;
    }
    const { sort: by, order: direction, ...filters } = current();
    const existing = views.find((view) => view.name.toLowerCase() === name.toLowerCase());
    try {
      const body = {
        name,
        filters: defined(filters),
        sort: by ?? 'name',
        order: direction ?? 'asc',
      };
      const saved = existing
        ? await shellApi.updateSavedView(existing.id, body)
        : await shellApi.createSavedView({ screen: 'clients', ...body });
      views = (await shellApi.listSavedViews()).items;
      sessionStorage.setItem(CHOSEN_VIEW_KEY, saved.id);
      renderPicker(saved.id);
      viewName.value = '';
      viewNote.textContent = `Saved "${saved.name}".`;
    } catch (err) {
      viewNote.textContent = `Could not save the view: ${errorMessage(err)}`;
    }
  };

  async function deleteChosen() {
    const view = views.find((candidate) => candidate.id === picker.value);
    if (!view) return;
    try {
      await shellApi.deleteSavedView(view.id);
      views = views.filter((candidate) => candidate.id !== view.id);
      renderPicker('');
      viewNote.textContent = `Deleted "${view.name}".`;
      choose('');
    } catch (err) {
      viewNote.textContent = `Could not delete the view: ${errorMessage(err)}`;
    }
  }

  root.replaceChildren(
    h(
      'section',
      { class: 'card client-list' },
      h('h2', {}, 'Clients'),
      h(
        'form',
        { class: 'inline-form saved-views', 'aria-label': 'Saved views', onsubmit: saveView },
        labelled('View', picker),
        deleteButton,
        viewName,
        h('button', { type: 'submit', class: 'secondary' }, 'Save view'),
        viewNote,
      ),
      h(
        'form',
        {
          class: 'inline-form filters',
          role: 'search',
          'aria-label': 'Filter clients',
          onsubmit: (event: SubmitEvent) => {
            event.preventDefault();
            void load();
          },
          onchange: (event: Event) => {
            if (event.target !== q && event.target !== tag) void load();
          },
        },
        q,
        labelled('Status', status),
        labelled('Kind', kind),
        labelled('Owner', owner),
        labelled('Tag', tag),
        labelled('Sort', sort),
        labelled('Order', order),
        h('button', { type: 'submit' }, 'Search'),
      ),
      h(
        'div',
        { class: 'table-scroll' },
        h(
          'table',
          { class: 'list', 'aria-label': 'Clients' },
          headRow('Name', 'Kind', 'Status', 'Created'),
          rows,
        ),
      ),
      listNote,
    ),
  );

  (async () => {
    const [statuses, saved] = await Promise.all([
      api.getClientStatuses().catch(() => undefined),
      session.token ? shellApi.listSavedViews().catch(() => undefined) : undefined,
    ]);
    if (disposed) return;
    status.append(
      ...(statuses?.statuses ?? []).map((entry) => h('option', { value: entry.key }, entry.name)),
    );
    views = saved?.items ?? [];
    const chosen = sessionStorage.getItem(CHOSEN_VIEW_KEY) ?? '';
    renderPicker(chosen);
    if (picker.value) choose(picker.value);
    else void load();
  })();

  return () => {
    disposed = true;
  };
}

function clientRow(client: ClientRecord): HTMLElement {
  return h(
    'tr',
    { 'data-id': client.id },
    h('td', {}, h('a', { href: `#/clients/${encodeURIComponent(client.id)}` }, client.name)),
    h('td', {}, client.kind),
    h('td', {}, client.status),
    h('td', {}, formatDate(client.createdAt)),
  );
}
