import { api, session } from './api';
import { type Badge, DiagramView } from './diagram';
import { errorMessage, field, formatDate, h, headRow } from './dom';
import {
  computeMarkers,
  formatDuration,
  mergeEvents,
  type ReplayFrame,
  replayFrames,
  stepDurationMs,
  stepHistory,
  tokenCounts,
} from './instance-state';
import { commentsPanel } from './instance-comments';
import { subscribeToInstance, type LiveStatus, type Subscription } from './live';
import { type ReplayControls, replayControls } from './replay-controls';
import {
  cardEvents,
  type Incident,
  type InstanceEvent,
  type InstanceStatus,
  type ProcessInstance,
} from './types';
import { variablesEditor } from './variables-editor';

const REFRESH_DELAY_MS = 250;

const LIVE_STATUSES: readonly InstanceStatus[] = ['running', 'incident'];

/**
 * One process instance: its diagram with completed/active/incident markers and token counts,
 * variables, comments, open tasks, incidents (with a retry), the history of its steps with durations and
 * its event list, kept current by live events; an ended instance can be replayed on the map.
 * Live events update markers, counts and lists at once; the card (status, variables, tasks,
 * incidents) is re-read shortly after each burst of events.
 */
export function mountInstance(root: HTMLElement, instanceId: string): () => void {
  let disposed = false;
  let instance: ProcessInstance | undefined;
  let events: InstanceEvent[] = [];
  let subscription: Subscription | undefined;
  let refreshTimer: ReturnType<typeof setTimeout> | undefined;
  let diagramShown = false;
  /** While a replay shows a frame, the map shows it instead of the instance now. */
  let replayFrame: ReplayFrame | undefined;
  let replay: ReplayControls | undefined;

  const title = h('h2', {}, 'Loading instance…');
  const summary = h('dl', { class: 'summary' });
  const liveBadge = h('span', { class: 'live-status', 'data-testid': 'live-status' });
  const problem = h('p', { class: 'error', role: 'alert' });
  const canvas = h('div', { class: 'diagram', 'data-testid': 'instance-diagram' });
  const variables = h('pre', { class: 'variables', 'data-testid': 'variables' });
  const tasks = h('tbody', { 'data-testid': 'open-tasks' });
  const eventList = h('tbody', { 'data-testid': 'events' });
  const incidentList = h('tbody', { 'data-testid': 'incidents' });
  const incidentsCard = h(
    'section',
    { class: 'card incidents', hidden: true },
    h('h3', {}, 'Incidents'),
    h(
      'table',
      { class: 'list' },
      headRow('Element', 'Code', 'Message', 'Attempts', 'Raised', ''),
      incidentList,
    ),
  );
  const history = h('tbody', { 'data-testid': 'history' });
  const replayHolder = h('div', { class: 'replay-holder' });
  const diagram = new DiagramView(canvas);
  const operations = h('div', { class: 'operations' });
  const variablesEdit = variablesEditor(
    "Change variables (merged into the instance's)",
    'variables-editor',
  );
  let editorFilled = false;
  const comments = commentsPanel(instanceId);

  root.replaceChildren(
    h(
      'div',
      { class: 'instance' },
      h('header', { class: 'instance-header' }, title, liveBadge),
      problem,
      summary,
      incidentsCard,
      replayHolder,
      canvas,
      h(
        'div',
        { class: 'panels' },
        h('section', { class: 'card' }, h('h3', {}, 'Variables'), variables, operations),
        comments.element,
        h(
          'section',
          { class: 'card' },
          h('h3', {}, 'Open tasks'),
          h(
            'table',
            { class: 'list' },
            headRow('Task', 'Element', 'Assignee', 'Role', 'Due'),
            tasks,
          ),
        ),
        h(
          'section',
          { class: 'card history' },
          h('h3', {}, 'History'),
          h(
            'table',
            { class: 'list' },
            headRow('Element', 'Kind', 'Started', 'Duration', 'Outcome'),
            history,
          ),
        ),
        h(
          'section',
          { class: 'card events' },
          h('h3', {}, 'Events'),
          h(
            'table',
            { class: 'list' },
            headRow('#', 'Time', 'Type', 'Element', 'Payload'),
            eventList,
          ),
        ),
      ),
    ),
  );

  const renderMarkers = () => {
    if (!instance || !diagramShown) return;
    if (replayFrame) {
      diagram.setMarkers(replayFrame.markers);
      diagram.setBadges(countBadges(replayFrame.counts));
      return;
    }
    const openTaskElements = instance.openTasks.map((t) => t.elementId);
    const incidentElements = openIncidents(instance).flatMap((i) => i.elementId ?? []);
    diagram.setMarkers(computeMarkers(events, instance.status, openTaskElements, incidentElements));
    diagram.setBadges(
      LIVE_STATUSES.includes(instance.status) ? countBadges(tokenCounts(events)) : new Map(),
    );
  };

  const renderHistory = () => {
    const now = Date.now();
    history.replaceChildren(
      ...stepHistory(events).map((step) =>
        h(
          'tr',
          { 'data-element-id': step.elementId, class: `step-${step.outcome}` },
          h('td', {}, step.name || h('code', {}, step.elementId)),
          h('td', {}, step.kind),
          h('td', {}, formatDate(step.startedAt)),
          h(
            'td',
            {},
            step.endedAt
              ? formatDuration(stepDurationMs(step, now))
              : `${formatDuration(stepDurationMs(step, now))} so far`,
          ),
          h('td', {}, step.outcome),
        ),
      ),
    );
  };

  const renderIncidents = (card: ProcessInstance) => {
    const open = openIncidents(card);
    incidentsCard.hidden = open.length === 0;
    incidentList.replaceChildren(...open.map((incident) => incidentRow(incident)));
  };

  const incidentRow = (incident: Incident) => {
    const outcome = h('span', { role: 'status' });
    const retry = h(
      'button',
      {
        type: 'button',
        onclick: async () => {
          retry.disabled = true;
          outcome.textContent = 'Retrying…';
          try {
            applyCard(await api.retryIncident(instanceId, incident.id));
          } catch (err) {
            outcome.className = 'error';
            outcome.textContent = `Could not retry: ${errorMessage(err)}`;
            retry.disabled = false;
          }
        },
      },
      'Retry',
    );
    return h(
      'tr',
      { 'data-id': incident.id, 'data-element-id': incident.elementId ?? '' },
      h('td', {}, incident.elementId ? h('code', {}, incident.elementId) : '—'),
      h('td', {}, h('code', {}, incident.code)),
      h('td', {}, incident.message),
      h('td', {}, incident.attempts),
      h('td', {}, formatDate(incident.createdAt)),
      h('td', {}, session.canOperate ? retry : '', outcome),
    );
  };

  /** Once the instance has ended and its diagram is shown, it can be replayed. */
  const offerReplay = () => {
    if (replay || !instance || !diagramShown || LIVE_STATUSES.includes(instance.status)) return;
    if (instance.status === 'starting') return;
    replay = replayControls(replayFrames(events), (frame) => {
      replayFrame = frame;
      renderMarkers();
    });
    replayHolder.replaceChildren(h('h3', {}, 'Replay'), replay.element);
  };

  const renderEvents = () => {
    eventList.replaceChildren(
      ...events.map((e) =>
        h(
          'tr',
          { 'data-id': e.id },
          h('td', {}, e.id),
          h('td', {}, formatDate(e.createdAt)),
          h('td', {}, e.type),
          h('td', {}, e.elementId ? h('code', {}, e.elementId) : ''),
          h('td', { class: 'payload' }, formatPayload(e.payload)),
        ),
      ),
    );
  };

  const renderCard = (card: ProcessInstance) => {
    const { definition, definitionId } = card;
    const process = definition
      ? `${definition.name || definition.key} v${definition.version}`
      : 'Process';
    title.textContent = `${process} — instance ${card.id}`;
    summary.replaceChildren(
      ...field(
        'Status',
        h(
          'span',
          { class: `status status-${card.status}`, 'data-testid': 'instance-status' },
          card.status,
        ),
      ),
      ...field(
        'Definition',
        h(
          'span',
          {},
          h(
            'a',
            { href: `#/definitions/${encodeURIComponent(definitionId)}` },
            definition?.key ?? definitionId,
          ),
          ' · ',
          h(
            'a',
            {
              href: `#/heatmap/${encodeURIComponent(definitionId)}`,
              'data-testid': 'heatmap-link',
            },
            'Heatmap of this version',
          ),
        ),
      ),
      ...field('Client', card.client?.name ?? '—'),
      ...field('Started', formatDate(card.startedAt)),
      ...field('Ended', formatDate(card.endedAt)),
    );
    variables.textContent = JSON.stringify(card.variables ?? {}, null, 2);
    renderIncidents(card);
    renderOperations(card);
    tasks.replaceChildren(
      ...(card.openTasks.length
        ? card.openTasks.map((t) =>
            h(
              'tr',
              { 'data-id': t.id },
              h('td', {}, t.name || t.id),
              h('td', {}, h('code', {}, t.elementId)),
              h('td', {}, t.assigneeId ?? '—'),
              h('td', {}, t.candidateRole ?? '—'),
              h('td', {}, formatDate(t.dueAt)),
            ),
          )
        : [h('tr', {}, h('td', { colspan: 5, class: 'muted' }, 'No open tasks.'))]),
    );
  };

  /** Supervisors and admins change a running instance's variables or cancel it. */
  const renderOperations = (card: ProcessInstance) => {
    if (!session.canOperate || !LIVE_STATUSES.includes(card.status)) {
      operations.replaceChildren();
      return;
    }
    // Filled once, so a live refresh never overwrites what is being typed.
    if (!editorFilled) variablesEdit.show(card.variables ?? {});
    editorFilled = true;
    if (operations.childElementCount) return;
    const result = h('p', { role: 'status' });
    const save = h('button', { type: 'submit' }, 'Save variables');
    const reason = h('input', {
      name: 'reason',
      'aria-label': 'Reason to cancel',
      placeholder: 'Reason',
    });
    const cancel = h('button', { type: 'submit', class: 'danger' }, 'Cancel instance');
    const report = (outcome: string, ok: boolean) => {
      result.className = ok ? 'ok' : 'error';
      result.textContent = outcome;
    };
    operations.replaceChildren(
      h(
        'form',
        {
          'aria-label': 'Change variables',
          onsubmit: async (event: SubmitEvent) => {
            event.preventDefault();
            save.disabled = true;
            try {
              const changed = await api.changeVariables(instanceId, variablesEdit.read());
              editorFilled = false;
              applyCard(changed);
              report('Variables saved.', true);
            } catch (err) {
              report(`Could not save: ${errorMessage(err)}`, false);
            } finally {
              save.disabled = false;
            }
          },
        },
        variablesEdit.element,
        save,
      ),
      h(
        'form',
        {
          class: 'inline-form',
          'aria-label': 'Cancel the instance',
          onsubmit: async (event: SubmitEvent) => {
            event.preventDefault();
            cancel.disabled = true;
            try {
              applyCard(await api.cancelInstance(instanceId, reason.value.trim() || undefined));
            } catch (err) {
              report(`Could not cancel: ${errorMessage(err)}`, false);
              cancel.disabled = false;
            }
          },
        },
        reason,
        cancel,
      ),
      result,
    );
  };

  const applyCard = (card: ProcessInstance) => {
    instance = card;
    events = mergeEvents(events, cardEvents(card));
    renderCard(card);
    renderEvents();
    renderHistory();
    renderMarkers();
    offerReplay();
  };

  const refresh = () => {
    refreshTimer = undefined;
    api.getInstance(instanceId).then(
      (card) => !disposed && applyCard(card),
      (err) => !disposed && (problem.textContent = `Could not refresh: ${errorMessage(err)}`),
    );
  };

  const onLiveEvent = (event: InstanceEvent) => {
    events = mergeEvents(events, [event]);
    comments.onEvent(event);
    // The card's open tasks are re-read a moment later; until then a closed task is not open.
    if (instance && (event.type === 'task.completed' || event.type === 'task.cancelled')) {
      const closed = event.payload.taskId;
      instance = { ...instance, openTasks: instance.openTasks.filter((t) => t.id !== closed) };
      renderCard(instance);
    }
    renderEvents();
    renderHistory();
    renderMarkers();
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(refresh, REFRESH_DELAY_MS);
  };

  const onLiveStatus = (status: LiveStatus, detail?: string) => {
    liveBadge.className = `live-status live-${status}`;
    liveBadge.textContent = detail ? `${status}: ${detail}` : status;
  };

  (async () => {
    try {
      const card = await api.getInstance(instanceId);
      if (disposed) return;
      applyCard(card);
      const definition = await api.getDefinition(card.definitionId);
      if (disposed) return;
      await diagram.show(definition.bpmnXml);
      if (disposed) return;
      diagramShown = true;
      renderMarkers();
      offerReplay();
      const token = session.token;
      if (!token) return;
      subscription = subscribeToInstance(instanceId, {
        token,
        afterId: events.at(-1)?.id,
        onEvent: (e) => !disposed && onLiveEvent(e),
        onStatus: (s, detail) => !disposed && onLiveStatus(s, detail),
      });
    } catch (err) {
      if (!disposed) {
        title.textContent = `Instance ${instanceId}`;
        problem.textContent = `Could not load the instance: ${errorMessage(err)}`;
      }
    }
  })();

  return () => {
    disposed = true;
    clearTimeout(refreshTimer);
    replay?.stop();
    subscription?.close();
    diagram.destroy();
  };
}

function formatPayload(payload: unknown): string {
  if (payload === null || payload === undefined) return '';
  const text = JSON.stringify(payload);
  return text === '{}' ? '' : text;
}

function openIncidents(card: ProcessInstance): Incident[] {
  return card.incidents.filter((incident) => !incident.resolvedAt);
}

function countBadges(counts: ReadonlyMap<string, number>): Map<string, Badge> {
  return new Map(
    [...counts].map(([id, count]) => [
      id,
      { text: String(count), className: 'fc-count', title: `${count} token(s) here` },
    ]),
  );
}
