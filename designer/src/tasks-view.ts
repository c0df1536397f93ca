import { api, session } from './api';
import { errorMessage, field, formatDate, h, headRow } from './dom';
import { subscribeToRooms, taskListRooms, type LiveStatus, type Subscription } from './live';
import type { MountedView } from './sections';
import type { TaskForm } from './task-form';
import { sortTasks } from './task-order';
import type { LiveEvent, Task } from './types';
import { variablesEditor } from './variables-editor';

/** Task events come in bursts (a completion closes one task and opens the next). */
const RELOAD_DELAY_MS = 100;

/**
 * The task list: the user's own tasks and the group tasks they may take, overdue first, beside
 * the open task (its fields, its client, its form, its outputs' fields or a variables editor,
 * and Complete). Kept current over socket.io: the user's room and their roles' rooms; any task
 * event re-reads both lists.
 */
export function mountTasks(root: HTMLElement, initialTaskId: string | undefined): MountedView {
  const user = session.user;
  let disposed = false;
  let openTaskId = initialTaskId;
  let reloadTimer: ReturnType<typeof setTimeout> | undefined;
  let subscription: Subscription | undefined;
  let openForm: TaskForm | undefined;

  const liveBadge = h('span', { class: 'live-status', 'data-testid': 'live-status' });
  const listProblem = h('p', { class: 'error', role: 'alert' });
  const listNote = h('p', { class: 'muted', role: 'status' });
  const mine = h('tbody', { 'data-testid': 'my-tasks' });
  const group = h('tbody', { 'data-testid': 'group-tasks' });
  const detail = h('section', { class: 'main task-detail', 'data-testid': 'task-detail' });

  root.replaceChildren(
    h(
      'div',
      { class: 'split' },
      h(
        'section',
        { class: 'sidebar' },
        h('header', { class: 'instance-header' }, h('h2', {}, 'My tasks'), liveBadge),
        listProblem,
        listNote,
        h('table', { class: 'list', 'aria-label': 'My tasks' }, headRow('Task', 'Due'), mine),
        h('h2', {}, "My team's unassigned tasks"),
        h(
          'table',
          { class: 'list', 'aria-label': 'Unassigned tasks' },
          headRow('Task', 'Due', ''),
          group,
        ),
      ),
      detail,
    ),
  );

  const taskLink = (task: Task) =>
    h(
      'a',
      {
        href: `#/tasks/${encodeURIComponent(task.id)}`,
        'aria-current': task.id === openTaskId ? 'true' : false,
      },
      task.name || task.elementId,
    );

  const dueCell = (task: Task) =>
    h(
      'td',
      { class: task.overdue ? 'overdue' : '' },
      task.overdue ? 'Overdue · ' : '',
      formatDate(task.dueAt),
    );

  const claim = async (task: Task, button: HTMLButtonElement) => {
    button.disabled = true;
    try {
      await api.claimTask(task.id);
      location.hash = `#/tasks/${encodeURIComponent(task.id)}`;
      await loadLists();
    } catch (err) {
      listProblem.textContent = `Could not claim "${task.name}": ${errorMessage(err)}`;
      button.disabled = false;
    }
  };

  const renderLists = (own: Task[], unassigned: Task[]) => {
    mine.replaceChildren(
      ...(own.length
        ? own.map((task) =>
            h(
              'tr',
              { 'data-id': task.id, class: task.overdue ? 'overdue' : '' },
              h('td', {}, taskLink(task)),
              dueCell(task),
            ),
          )
        : [h('tr', {}, h('td', { colspan: 2, class: 'muted' }, 'No tasks assigned to you.'))]),
    );
    group.replaceChildren(
      ...(unassigned.length
        ? unassigned.map((task) => {
            const button: HTMLButtonElement = h(
              'button',
              {
                type: 'button',
                'aria-label': `Claim ${task.name}`,
                onclick: () => claim(task, button),
              },
              'Claim',
            );
            return h(
              'tr',
              { 'data-id': task.id, class: task.overdue ? 'overdue' : '' },
              h('td', {}, taskLink(task)),
              dueCell(task),
              h('td', {}, button),
            );
          })
        : [h('tr', {}, h('td', { colspan: 3, class: 'muted' }, 'No unassigned tasks.'))]),
    );
  };

  const loadLists = async () => {
    try {
      const [own, unassigned] = await Promise.all([
        loadTaskList({ assignee: 'me' }),
        loadTaskList({ claimable: true }),
      ]);
      if (disposed) return;
      listProblem.textContent = '';
      listNote.textContent =
        own.partial || unassigned.partial
          ? 'Showing every overdue task and the newest of the others.'
          : '';
      renderLists(sortTasks(own.tasks), sortTasks(unassigned.tasks));
    } catch (err) {
      if (!disposed) listProblem.textContent = `Could not load tasks: ${errorMessage(err)}`;
    }
  };

  const scheduleReload = () => {
    clearTimeout(reloadTimer);
    reloadTimer = setTimeout(loadLists, RELOAD_DELAY_MS);
  };

  const onLiveEvent = (event: LiveEvent) => {
    if (event.type === 'task.completed' || event.type === 'task.cancelled') {
      const closed = event.payload.taskId;
      for (const row of root.querySelectorAll(`tr[data-id="${CSS.escape(closed)}"]`)) row.remove();
      if (closed === openTaskId) {
        detail.replaceChildren(
          h('p', { class: 'muted', role: 'status' }, `This task was ${event.type.slice(5)}.`),
        );
      }
    }
    scheduleReload();
  };

  const onLiveStatus = (status: LiveStatus, detailText?: string) => {
    liveBadge.className = `live-status live-${status}`;
    liveBadge.textContent = detailText ? `${status}: ${detailText}` : status;
    // Joined (again): whatever happened before the join is read from the lists themselves.
    if (status === 'live') void loadLists();
  };

  const showTask = async (taskId: string | undefined) => {
    openTaskId = taskId;
    openForm?.destroy();
    openForm = undefined;
    for (const link of root.querySelectorAll<HTMLAnchorElement>('table a[aria-current]')) {
      link.removeAttribute('aria-current');
    }
    if (!taskId) {
      detail.replaceChildren(h('p', { class: 'muted' }, 'Open a task to work on it.'));
      return;
    }
    root
      .querySelector(`tr[data-id="${CSS.escape(taskId)}"] a`)
      ?.setAttribute('aria-current', 'true');
    detail.replaceChildren(h('p', { class: 'muted' }, 'Loading task…'));
    try {
      const task = await api.getTask(taskId);
      const [client, form] = await Promise.all([
        task.clientId ? api.getClient(task.clientId).catch(() => null) : null,
        completionForm(task),
      ]);
      if (disposed || openTaskId !== taskId) {
        form?.destroy();
        return;
      }
      detail.replaceChildren(
        taskPanel(
          task,
          client && { id: client.id, name: client.name, status: client.status },
          form,
        ),
      );
    } catch (err) {
      if (!disposed && openTaskId === taskId) {
        detail.replaceChildren(
          h(
            'p',
            { class: 'error', role: 'alert' },
            `Could not open the task: ${errorMessage(err)}`,
          ),
        );
      }
    }
  };

  const taskPanel = (
    task: Task,
    client: { id: string; name: string; status: string } | null,
    form: TaskForm | undefined,
  ) => {
    openForm = form;
    const editor = variablesEditor('Variables to complete with', 'task-variables');
    const result = h('p', { role: 'status' });
    const complete = h('button', { type: 'submit' }, 'Complete task');
    const claimButton =
      task.status === 'open' &&
      !task.assigneeId &&
      h(
        'button',
        {
          type: 'button',
          class: 'secondary',
          onclick: async () => {
            try {
              await api.claimTask(task.id);
              await showTask(task.id);
              scheduleReload();
            } catch (err) {
              result.textContent = `Could not claim: ${errorMessage(err)}`;
            }
          },
        },
        'Claim',
      );
    return h(
      'div',
      { class: 'task-panel' },
      h('h2', {}, task.name || task.elementId),
      h(
        'div',
        { class: 'panels' },
        h(
          'dl',
          { class: 'summary card' },
          ...field('Status', task.status),
          ...field(
            'Due',
            h('span', { class: task.overdue ? 'overdue' : '' }, formatDate(task.dueAt)),
          ),
          ...field(
            'Assignee',
            task.assigneeId === user?.id ? 'me' : (task.assigneeId ?? 'unassigned'),
          ),
          ...field('Candidate role', task.candidateRole ?? '—'),
          ...field('Candidate team', task.candidateTeam ?? '—'),
          ...field('Created', formatDate(task.createdAt)),
          ...field(
            'Instance',
            h('a', { href: `#/instances/${encodeURIComponent(task.instanceId)}` }, task.instanceId),
          ),
        ),
        h(
          'section',
          { class: 'card', 'data-testid': 'task-client', 'aria-label': 'Client' },
          h('h3', {}, 'Client'),
          client
            ? h(
                'p',
                {},
                h('a', { href: `#/clients/${encodeURIComponent(client.id)}` }, client.name),
                ' ',
                h('span', { class: 'status' }, client.status),
              )
            : h('p', { class: 'muted' }, 'No client.'),
        ),
      ),
      task.status === 'open'
        ? h(
            'form',
            {
              class: 'card',
              'aria-label': 'Complete the task',
              onsubmit: async (event: SubmitEvent) => {
                event.preventDefault();
                const variables = form ? form.read() : editor.read();
                if (!variables) return;
                complete.disabled = true;
                result.textContent = '';
                try {
                  await api.completeTask(task.id, variables);
                  result.className = 'ok';
                  result.textContent = 'Completed.';
                  scheduleReload();
                } catch (err) {
                  result.className = 'error';
                  result.textContent = `Could not complete: ${errorMessage(err)}`;
                  form?.showError(errorMessage(err));
                  complete.disabled = false;
                }
              },
            },
            form?.element ?? editor.element,
            h('div', { class: 'actions' }, claimButton, complete),
            result,
          )
        : h('p', { class: 'muted' }, `This task is ${task.status}.`),
    );
  };

  const token = session.token;
  if (user && token) {
    subscription = subscribeToRooms(taskListRooms(user), {
      token,
      onEvent: (event) => !disposed && onLiveEvent(event),
      onStatus: (status, text) => !disposed && onLiveStatus(status, text),
    });
  }
  // The first screen does not wait for the socket: the lists are read at once, and again once
  // the rooms are joined (for what changed in between).
  void loadLists();
  void showTask(initialTaskId);

  return {
    unmount: () => {
      disposed = true;
      clearTimeout(reloadTimer);
      subscription?.close();
      openForm?.destroy();
    },
    reroute: (taskId) => void showTask(taskId),
  };
}

/**
 * One list's first screen: the overdue tasks (they come first) and the newest of the rest, one
 * page of each; `partial` when either page had more.
 */
async function loadTaskList(
  filters: { assignee: 'me' } | { claimable: true },
): Promise<{ tasks: Task[]; partial: boolean }> {
  const [overdue, newest] = await Promise.all([
    api.listTasks({ ...filters, overdue: true }),
    api.listTasks({ ...filters, order: 'desc' }),
  ]);
  const byId = new Map([...overdue.items, ...newest.items].map((task) => [task.id, task]));
  return {
    tasks: [...byId.values()],
    partial: overdue.nextCursor !== null || newest.nextCursor !== null,
  };
}

/**
 * What an open task completes with: its form-js form, or a field per declared output, or (none)
 * free variables. Both forms load when a task needs one (the form-js viewer and the output checks
 * are most of the task list's code), so the list itself shows without them.
 */
async function completionForm(task: Task): Promise<TaskForm | undefined> {
  if (task.status !== 'open') return undefined;
  if (task.form) return (await import('./task-form')).taskForm(task.form);
  if (task.outputs) return (await import('./task-outputs-form')).outputsForm(task.outputs);
  return undefined;
}
