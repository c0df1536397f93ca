import { api, session } from './api';
import { mountClientList } from './client-list-view';
import { errorMessage, field, formatDate, h } from './dom';
import { subscribeToRooms, type Subscription } from './live';
import type { ClientCard, ClientStatuses, TimelineActor, TimelineEntry } from './types';

/** A card change comes with several events (an activity and its client's update). */
const RELOAD_DELAY_MS = 150;

/** Clients: a searchable list, or one client's card when `clientId` is set. */
export function mountClients(root: HTMLElement, clientId: string | undefined): () => void {
  return clientId ? mountClientCard(root, clientId) : mountClientList(root);
}

/**
 * One client: profile, status change, a call or note logged from the card, deals, open tasks
 * and the timeline with who or which process did each step. The card is re-read when an event
 * of the client's room arrives.
 */
function mountClientCard(root: HTMLElement, clientId: string): () => void {
  let disposed = false;
  let reloadTimer: ReturnType<typeof setTimeout> | undefined;
  let subscription: Subscription | undefined;
  let statuses: ClientStatuses | undefined;
  let shown: ClientCard['client'] | undefined;

  const title = h('h2', {}, 'Loading client…');
  const problem = h('p', { class: 'error', role: 'alert' });
  const profile = h('dl', { class: 'summary' });
  const statusForm = h('div');
  const deals = h('ul', { class: 'plain', 'data-testid': 'client-deals' });
  const openTasks = h('ul', { class: 'plain', 'data-testid': 'client-open-tasks' });
  const timeline = h('ol', { class: 'timeline', 'data-testid': 'timeline' });

  root.replaceChildren(
    h(
      'div',
      { class: 'client-card' },
      title,
      problem,
      h(
        'div',
        { class: 'panels' },
        h(
          'section',
          { class: 'card', 'aria-label': 'Profile' },
          h('h3', {}, 'Profile'),
          profile,
          statusForm,
        ),
        h(
          'section',
          { class: 'card', 'aria-label': 'New activity' },
          h('h3', {}, 'Log a call'),
          callForm(clientId, () => reload()),
          h('h3', {}, 'New note'),
          noteForm(clientId, () => reload()),
        ),
        h(
          'section',
          { class: 'card', 'aria-label': 'Deals and tasks' },
          h('h3', {}, 'Deals'),
          deals,
          h('h3', {}, 'Open tasks'),
          openTasks,
        ),
      ),
      h('section', { class: 'card', 'aria-label': 'Timeline' }, h('h3', {}, 'Timeline'), timeline),
    ),
  );

  const render = (card: ClientCard) => {
    const { client } = card;
    shown = client;
    title.textContent = client.name;
    profile.replaceChildren(
      ...field('Kind', client.kind),
      ...field(
        'Status',
        h('span', { class: 'status', 'data-testid': 'client-status' }, client.status),
      ),
      ...field('Emails', client.emails.join(', ') || '—'),
      ...field('Phones', client.phones.join(', ') || '—'),
      ...field('Address', client.address ?? '—'),
      ...field('Tags', client.tags.join(', ') || '—'),
      ...field('Source', client.source ?? '—'),
      ...field('Created', formatDate(client.createdAt)),
    );
    statusForm.replaceChildren(
      statusChangeForm(client.id, client.status, statuses, () => reload()),
    );
    deals.replaceChildren(
      ...(card.deals.length
        ? card.deals.map((deal) =>
            h(
              'li',
              {},
              h('a', { href: `#/deals/${encodeURIComponent(deal.pipelineId)}` }, deal.title),
              ` · ${deal.stageName ?? deal.status} · ${deal.amount} ${deal.currency}`,
            ),
          )
        : [h('li', { class: 'muted' }, 'No deals.')]),
    );
    openTasks.replaceChildren(
      ...(card.openTasks.length
        ? card.openTasks.map((task) =>
            task.type === 'processTask'
              ? h(
                  'li',
                  {},
                  h('a', { href: `#/tasks/${encodeURIComponent(task.task.id)}` }, task.task.name),
                  ` · due ${formatDate(task.task.dueAt)}`,
                )
              : h('li', {}, task.activity.subject, ` · due ${formatDate(task.activity.dueAt)}`),
          )
        : [h('li', { class: 'muted' }, 'No open tasks.')]),
    );
    timeline.replaceChildren(
      ...(card.timeline.length
        ? card.timeline.map(timelineItem)
        : [h('li', { class: 'muted' }, 'Nothing happened yet.')]),
    );
  };

  const reload = async () => {
    try {
      const card = await api.getClientCard(clientId);
      if (disposed) return;
      problem.textContent = '';
      render(card);
    } catch (err) {
      if (!disposed) problem.textContent = `Could not load the client: ${errorMessage(err)}`;
    }
  };

  (async () => {
    // Both at once: the card shows without waiting for the lifecycle, whose status change form
    // follows when it arrives.
    const [lifecycle] = await Promise.all([
      api.getClientStatuses().catch(() => undefined),
      reload(),
    ]);
    statuses = lifecycle;
    if (shown && !disposed) {
      statusForm.replaceChildren(
        statusChangeForm(shown.id, shown.status, statuses, () => reload()),
      );
    }
    const token = session.token;
    if (disposed || !token) return;
    subscription = subscribeToRooms([`client:${clientId}`], {
      token,
      onEvent: () => {
        clearTimeout(reloadTimer);
        reloadTimer = setTimeout(reload, RELOAD_DELAY_MS);
      },
      onStatus: () => undefined,
    });
  })();

  return () => {
    disposed = true;
    clearTimeout(reloadTimer);
    subscription?.close();
  };
}

function statusChangeForm(
  clientId: string,
  current: string,
  statuses: ClientStatuses | undefined,
  onChanged: () => void,
): HTMLElement {
  const targets = statuses?.statuses.find((status) => status.key === current)?.allowedTargets ?? [];
  const names = new Map(statuses?.statuses.map((status) => [status.key, status.name]));
  if (!targets.length) return h('p', { class: 'muted' }, 'No status change allowed from here.');
  const select = h(
    'select',
    { name: 'status', 'aria-label': 'New status' },
    targets.map((key) => h('option', { value: key }, names.get(key) ?? key)),
  );
  const comment = h('input', {
    name: 'comment',
    'aria-label': 'Comment on the status change',
    placeholder: 'Comment',
  });
  const result = h('p', { role: 'status' });
  return h(
    'form',
    {
      class: 'inline-form',
      'aria-label': 'Change status',
      onsubmit: async (event: SubmitEvent) => {
        event.preventDefault();
        try {
          await api.changeClientStatus(clientId, select.value, comment.value.trim() || undefined);
          onChanged();
        } catch (err) {
          result.className = 'error';
          result.textContent = errorMessage(err);
        }
      },
    },
    select,
    comment,
    h('button', { type: 'submit' }, 'Change status'),
    result,
  );
}

function callForm(clientId: string, onLogged: () => void): HTMLElement {
  const subject = h('input', {
    name: 'subject',
    required: true,
    'aria-label': 'Call subject',
    placeholder: 'Subject',
  });
  const direction = h(
    'select',
    { name: 'direction', 'aria-label': 'Direction' },
    h('option', { value: 'outbound' }, 'Outbound'),
    h('option', { value: 'inbound' }, 'Inbound'),
  );
  const outcome = h('input', {
    name: 'result',
    'aria-label': 'Call result',
    placeholder: 'Result',
  });
  return activityForm('Log call', [subject, direction, outcome], onLogged, () =>
    api.createActivity({
      kind: 'call',
      clientId,
      subject: subject.value.trim(),
      status: 'done',
      direction: direction.value as 'inbound' | 'outbound',
      ...(outcome.value.trim() ? { result: outcome.value.trim() } : {}),
    }),
  );
}

function noteForm(clientId: string, onLogged: () => void): HTMLElement {
  const subject = h('input', {
    name: 'subject',
    required: true,
    'aria-label': 'Note subject',
    placeholder: 'Subject',
  });
  const body = h('textarea', {
    name: 'body',
    required: true,
    'aria-label': 'Note text',
    placeholder: 'Text',
    rows: 3,
  });
  return activityForm('Add note', [subject, body], onLogged, () =>
    api.createActivity({
      kind: 'note',
      clientId,
      subject: subject.value.trim(),
      status: 'done',
      body: body.value,
    }),
  );
}

function activityForm(
  label: string,
  inputs: (HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement)[],
  onSaved: () => void,
  save: () => Promise<unknown>,
): HTMLElement {
  const submit = h('button', { type: 'submit' }, label);
  const result = h('p', { role: 'status' });
  const form: HTMLFormElement = h(
    'form',
    {
      class: 'stacked-form',
      'aria-label': label,
      onsubmit: async (event: SubmitEvent) => {
        event.preventDefault();
        submit.disabled = true;
        result.textContent = '';
        try {
          await save();
          form.reset();
          onSaved();
        } catch (err) {
          result.className = 'error';
          result.textContent = errorMessage(err);
        } finally {
          submit.disabled = false;
        }
      },
    },
    ...inputs,
    submit,
    result,
  );
  return form;
}

function timelineItem(entry: TimelineEntry): HTMLElement {
  return h(
    'li',
    { 'data-type': entry.type, 'data-id': entry.id },
    h('time', { datetime: entry.at }, formatDate(entry.at)),
    ' ',
    h('span', { class: 'what' }, describe(entry)),
    h('span', { class: 'who muted' }, ` — ${actorName(entry.actor)}`),
  );
}

function describe(entry: TimelineEntry): string {
  switch (entry.type) {
    case 'activity': {
      const { kind, subject, status, result, body } = entry.activity;
      const detail = result ?? body;
      return `${capitalise(kind)} (${status}): ${subject}${detail ? ` — ${detail}` : ''}`;
    }
    case 'statusChange': {
      const { fromStatus, toStatus, comment } = entry.change;
      const change = fromStatus
        ? `Status ${fromStatus} → ${toStatus}`
        : `Status set to ${toStatus}`;
      return `${change}${comment ? ` (${comment})` : ''}`;
    }
    case 'dealStageChange': {
      const { dealTitle, fromStageName, toStageName } = entry.change;
      return `Deal "${dealTitle}" ${fromStageName ?? 'created'} → ${toStageName}`;
    }
    case 'processStep': {
      const payload = entry.step.payload as { elementName?: string | null };
      return `Process step: ${payload.elementName ?? entry.step.elementId ?? 'step'}`;
    }
  }
}

function actorName(actor: TimelineActor): string {
  if (!actor) return 'an integration';
  if (actor.type === 'user') return actor.name;
  return `process ${actor.definitionKey ?? actor.instanceId}`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
