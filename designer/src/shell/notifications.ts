import { api } from '../api';
import { formatDate, h } from '../dom';
import { subscribeToRooms, taskListRooms, type Subscription } from '../live';
import type { LiveEvent, User } from '../types';

interface Notice {
  taskId: string;
  name: string;
  why: string;
  at: string;
  seen: boolean;
}

/**
 * The header's bell: new tasks assigned to the user, and new group tasks of their roles and
 * teams, pushed over socket.io (their task-list rooms). The count is of those not seen yet;
 * opening the list marks them seen, opening one opens the task, and a task closed or taken
 * by someone else leaves the list.
 */
export function notificationBell(
  user: User,
  token: string,
): { element: HTMLElement; close(): void } {
  const notices = new Map<string, Notice>();
  let subscription: Subscription | undefined;

  const count = h('span', { class: 'bell-count', 'data-testid': 'notification-count' });
  const button = h(
    'button',
    {
      type: 'button',
      class: 'bell secondary',
      'aria-haspopup': 'true',
      'aria-expanded': 'false',
      'aria-controls': 'notification-list',
      'data-testid': 'notifications',
      onclick: () => toggle(list.hidden),
    },
    bellIcon(),
    count,
  );
  const list = h('div', {
    id: 'notification-list',
    class: 'notification-list card',
    'data-testid': 'notification-list',
    hidden: true,
  });
  const element = h(
    'div',
    {
      class: 'notifications',
      onkeydown: (event: KeyboardEvent) => {
        if (event.key === 'Escape' && !list.hidden) {
          toggle(false);
          button.focus();
        }
      },
    },
    button,
    list,
  );

  const render = () => {
    const unseen = [...notices.values()].filter((notice) => !notice.seen).length;
    count.textContent = unseen ? String(unseen) : '';
    button.setAttribute(
      'aria-label',
      unseen ? `Notifications, ${unseen} new` : 'Notifications, none new',
    );
    // The list is drawn only while open: closed, the header holds no links but the sections'.
    if (list.hidden) {
      list.replaceChildren();
      return;
    }
    const newest = [...notices.values()].reverse();
    list.replaceChildren(
      h('h3', {}, 'New tasks'),
      newest.length
        ? h(
            'ul',
            { class: 'plain' },
            newest.map((notice) =>
              h(
                'li',
                { 'data-task-id': notice.taskId, class: notice.seen ? '' : 'unseen' },
                h(
                  'a',
                  {
                    href: `#/tasks/${encodeURIComponent(notice.taskId)}`,
                    onclick: () => {
                      notices.delete(notice.taskId);
                      toggle(false);
                    },
                  },
                  notice.name,
                ),
                h('span', { class: 'muted' }, ` · ${notice.why} · ${formatDate(notice.at)}`),
              ),
            ),
          )
        : h('p', { class: 'muted' }, 'Nothing new.'),
    );
  };

  function toggle(open: boolean) {
    list.hidden = !open;
    button.setAttribute('aria-expanded', String(open));
    // Seen once the list is open; they stay listed until opened or closed elsewhere.
    if (open) for (const notice of notices.values()) notice.seen = true;
    render();
    if (open) list.querySelector('a')?.focus();
  }

  const add = (taskId: string, name: string | undefined, why: string, at: string) => {
    notices.delete(taskId);
    notices.set(taskId, { taskId, name: name ?? 'Task', why, at, seen: !list.hidden });
    render();
    if (name === undefined) {
      // An assignment does not carry the task's name; ask for it.
      api.getTask(taskId).then(
        (task) => {
          const notice = notices.get(taskId);
          if (notice) notice.name = task.name || task.elementId;
          render();
        },
        () => undefined,
      );
    }
  };

  const onEvent = (event: LiveEvent) => {
    switch (event.type) {
      case 'task.created': {
        const { taskId, name, assigneeId, candidateRole, candidateTeamId } = event.payload;
        if (assigneeId === user.id) add(taskId, name, 'assigned to you', event.createdAt);
        else if (
          !assigneeId &&
          candidateRole &&
          user.roles.some((role) => role === candidateRole)
        ) {
          add(taskId, name, `for ${candidateRole}s`, event.createdAt);
        } else if (!assigneeId && candidateTeamId && user.teamIds.includes(candidateTeamId)) {
          add(taskId, name, 'for your team', event.createdAt);
        }
        return;
      }
      case 'task.assigned': {
        const { taskId, assigneeId, by } = event.payload;
        if (assigneeId === user.id && by !== user.id) {
          add(taskId, undefined, 'assigned to you', event.createdAt);
        } else if (assigneeId !== user.id && notices.delete(taskId)) render();
        return;
      }
      case 'task.completed':
      case 'task.cancelled':
        if (notices.delete(event.payload.taskId)) render();
        return;
      default:
    }
  };

  subscription = subscribeToRooms(taskListRooms(user), {
    token,
    onEvent,
    // Tells a watcher (and a test) when new tasks will be heard.
    onStatus: (status) => element.setAttribute('data-live', String(status === 'live')),
  });
  const onOutside = (event: MouseEvent) => {
    if (!list.hidden && !element.contains(event.target as Node)) toggle(false);
  };
  document.addEventListener('click', onOutside);
  render();

  return {
    element,
    close: () => {
      subscription?.close();
      subscription = undefined;
      document.removeEventListener('click', onOutside);
    },
  };
}

/** A bell drawn in SVG: an emoji needs a font the machine may lack. */
function bellIcon(): SVGSVGElement {
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('width', '18');
  svg.setAttribute('height', '18');
  svg.setAttribute('aria-hidden', 'true');
  const path = document.createElementNS('http://www.w3.org/2000/svg', 'path');
  path.setAttribute(
    'd',
    'M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3a1.5 1.5 0 0 0-3 0v1.16A7 7 0 0 0 5 11v5l-2 2v1h18v-1Z',
  );
  path.setAttribute('fill', 'currentColor');
  svg.append(path);
  return svg;
}
