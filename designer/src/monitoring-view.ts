import { api, session } from './api';
import { errorMessage, formatDate, h, headRow, throttle } from './dom';
import { subscribeToRooms, type Subscription } from './live';
import type { InstanceSummary } from './types';

const STATUSES = ['starting', 'running', 'incident', 'completed', 'failed', 'cancelled'] as const;
/** At most one reload of the list per this interval however many instances change. */
const RELOAD_MS = 1_000;

/**
 * Process instances for supervisors: process, status and "had an incident" are filtered by the
 * server; version, client name and start date narrow the answer here. Each row leads to the
 * live instance view (and from there to the heatmap of its version). The list follows the rooms
 * of the versions of the processes it offers and reloads (throttled) when an instance starts,
 * ends or meets an incident.
 */
export function mountMonitoring(root: HTMLElement): () => void {
  let disposed = false;
  let subscription: Subscription | undefined;
  let instances: InstanceSummary[] = [];
  /** Only the newest page is shown; the filters narrow what is read. */
  let partial = false;
  const clientNames = new Map<string, string>();

  const process = h(
    'select',
    { name: 'definitionKey', 'aria-label': 'Process' },
    h('option', { value: '' }, 'All processes'),
  );
  const status = h(
    'select',
    { name: 'status', 'aria-label': 'Status' },
    h('option', { value: '' }, 'Any status'),
    STATUSES.map((value) => h('option', { value }, value)),
  );
  const withIncident = h('input', { name: 'withIncident', type: 'checkbox' });
  const version = h('input', {
    name: 'version',
    type: 'number',
    min: 1,
    'aria-label': 'Version',
    placeholder: 'Version',
  });
  const client = h('input', { name: 'client', 'aria-label': 'Client name', placeholder: 'Client' });
  const startedFrom = h('input', {
    name: 'startedFrom',
    type: 'date',
    'aria-label': 'Started on or after',
  });
  const rows = h('tbody', { 'data-testid': 'instances' });
  const message = h('p', { class: 'muted', role: 'status' });

  const render = () => {
    const wantedVersion = version.value ? Number(version.value) : undefined;
    const wantedClient = client.value.trim().toLowerCase();
    const from = startedFrom.value ? Date.parse(startedFrom.value) : undefined;
    const shown = instances.filter(
      (instance) =>
        (wantedVersion === undefined || instance.definition?.version === wantedVersion) &&
        (!wantedClient ||
          (clientNames.get(instance.clientId ?? '') ?? '').toLowerCase().includes(wantedClient)) &&
        (from === undefined || Date.parse(instance.startedAt) >= from),
    );
    message.textContent = !shown.length
      ? 'No instances match.'
      : partial
        ? `The newest ${instances.length} instances; choose a process or status to see others.`
        : '';
    rows.replaceChildren(
      ...shown.map((instance) =>
        h(
          'tr',
          { 'data-id': instance.id },
          h(
            'td',
            {},
            h(
              'a',
              { href: `#/instances/${encodeURIComponent(instance.id)}` },
              instance.definition?.name || instance.definition?.key || instance.definitionId,
            ),
          ),
          h('td', {}, instance.definition ? `v${instance.definition.version}` : '—'),
          h('td', {}, h('span', { class: `status status-${instance.status}` }, instance.status)),
          h('td', {}, instance.clientId ? (clientNames.get(instance.clientId) ?? '…') : '—'),
          h('td', {}, formatDate(instance.startedAt)),
        ),
      ),
    );
  };

  /** The list answers client ids; their names are read once each. */
  const loadClientNames = async () => {
    const missing = [...new Set(instances.map((i) => i.clientId))].filter(
      (id): id is string => !!id && !clientNames.has(id),
    );
    await Promise.all(
      missing.map((id) =>
        api.getClient(id).then(
          (found) => clientNames.set(id, found.name),
          () => clientNames.set(id, '(hidden)'),
        ),
      ),
    );
  };

  const load = async () => {
    message.textContent = 'Loading…';
    try {
      const page = await api.listInstances({
        definitionKey: process.value || undefined,
        status: status.value || undefined,
        withIncident: withIncident.checked ? 'true' : undefined,
      });
      if (disposed) return;
      instances = page.items;
      partial = page.nextCursor !== null;
      render();
      await loadClientNames();
      if (!disposed) render();
    } catch (err) {
      if (!disposed) message.textContent = `Could not load instances: ${errorMessage(err)}`;
    }
  };

  process.addEventListener('change', () => void load());
  status.addEventListener('change', () => void load());
  withIncident.addEventListener('change', () => void load());
  const reload = throttle(() => void load(), RELOAD_MS);
  for (const input of [version, client, startedFrom]) input.addEventListener('input', render);

  root.replaceChildren(
    h(
      'section',
      { class: 'card' },
      h('h2', {}, 'Process instances'),
      h(
        'form',
        {
          class: 'inline-form',
          'aria-label': 'Filter instances',
          onsubmit: (event: SubmitEvent) => {
            event.preventDefault();
            void load();
          },
        },
        process,
        status,
        h('label', { class: 'checkbox' }, withIncident, ' With incident'),
        version,
        client,
        startedFrom,
        h('button', { type: 'submit' }, 'Refresh'),
      ),
      h(
        'table',
        { class: 'list' },
        headRow('Process', 'Version', 'Status', 'Client', 'Started'),
        rows,
      ),
      message,
    ),
  );

  api.listDefinitions().then(
    (definitions) => {
      if (disposed) return;
      const keys = [...new Set(definitions.map((definition) => definition.key))].sort();
      process.append(...keys.map((key) => h('option', { value: key }, key)));
      const token = session.token;
      if (!token || !definitions.length) return;
      subscription = subscribeToRooms(
        definitions.map((definition) => `definition:${definition.id}`),
        {
          token,
          onEvent: (event) => {
            if (!disposed && /^(instance|incident)\./.test(event.type)) reload();
          },
          onStatus: () => undefined,
        },
      );
    },
    () => undefined,
  );
  void load();

  return () => {
    disposed = true;
    reload.cancel();
    subscription?.close();
  };
}
