import { session } from './api';
import { errorMessage, h } from './dom';
import type { MountedView } from './sections';
import { shellApi, type CalendarActivity, type CalendarUser } from './shell-api';

type Mode = 'day' | 'week';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Local midnight of `date`'s day, or of its week's Monday. */
function startOf(date: Date, mode: Mode): Date {
  const start = new Date(date.getFullYear(), date.getMonth(), date.getDate());
  if (mode === 'week') start.setDate(start.getDate() - ((start.getDay() + 6) % 7));
  return start;
}

function addDays(date: Date, days: number): Date {
  return new Date(date.getFullYear(), date.getMonth(), date.getDate() + days);
}

/** `YYYY-MM-DD` of a local date, the form the route carries. */
function dayKey(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

function parseDay(text: string | undefined): Date {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text ?? '');
  return match ? new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : new Date();
}

const dayLabel = (date: Date) =>
  date.toLocaleDateString(undefined, { weekday: 'long', day: 'numeric', month: 'long' });
const timeLabel = (value: string) =>
  new Date(value).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });

/**
 * Planned calls, meetings and tasks, a day or a week at a time (`#/calendar[/<YYYY-MM-DD>]`):
 * the signed-in user's, or those of a colleague whose records they may read (the picker lists
 * whom the server allows); each entry names its client and opens the client's card.
 */
export function mountCalendar(root: HTMLElement, initialDay: string | undefined): MountedView {
  let disposed = false;
  let mode: Mode = 'week';
  let day = parseDay(initialDay);
  let asked = 0;
  let user = session.user?.id ?? 'me';

  const heading = h('h2', { 'aria-live': 'polite' });
  const status = h('p', { class: 'muted', role: 'status' });
  const grid = h('div', { class: 'calendar-grid' });
  const modeButton = (value: Mode, label: string) =>
    h(
      'button',
      {
        type: 'button',
        class: 'secondary',
        'data-mode': value,
        'aria-pressed': String(mode === value),
        onclick: () => {
          mode = value;
          void load();
        },
      },
      label,
    );
  const dayButton = modeButton('day', 'Day');
  const weekButton = modeButton('week', 'Week');
  // Shown once the server names someone besides the signed-in user.
  const userPicker = h('select', {
    'aria-label': 'Whose calendar',
    'data-testid': 'calendar-user',
    hidden: true,
    onchange: () => {
      user = userPicker.value;
      void load();
    },
  });
  const step = (direction: number) => () => {
    day = addDays(day, direction * (mode === 'week' ? 7 : 1));
    void load();
  };

  root.replaceChildren(
    h(
      'section',
      { class: 'card calendar', 'data-testid': 'calendar' },
      h(
        'header',
        { class: 'calendar-header' },
        heading,
        userPicker,
        h(
          'div',
          { class: 'actions', role: 'group', 'aria-label': 'Calendar view' },
          dayButton,
          weekButton,
        ),
        h(
          'div',
          { class: 'actions', role: 'group', 'aria-label': 'Move in time' },
          h('button', { type: 'button', 'aria-label': 'Previous', onclick: step(-1) }, '‹'),
          h(
            'button',
            {
              type: 'button',
              onclick: () => {
                day = new Date();
                void load();
              },
            },
            'Today',
          ),
          h('button', { type: 'button', 'aria-label': 'Next', onclick: step(1) }, '›'),
        ),
      ),
      status,
      grid,
    ),
  );

  const entry = (activity: CalendarActivity) =>
    h(
      'li',
      {},
      h(
        'a',
        {
          class: `calendar-item kind-${activity.kind}${activity.overdue ? ' overdue' : ''}`,
          href: `#/clients/${encodeURIComponent(activity.clientId)}`,
          'data-id': activity.id,
        },
        h('time', { datetime: String(activity.dueAt) }, timeLabel(String(activity.dueAt))),
        h('span', { class: 'calendar-kind' }, ` ${activity.kind} `),
        activity.subject,
        h('span', { class: 'calendar-client' }, activity.clientName),
      ),
    );

  const render = (start: Date, days: number, items: CalendarActivity[]) => {
    const columns = Array.from({ length: days }, (_, index) => {
      const date = addDays(start, index);
      const next = addDays(date, 1);
      const planned = items.filter((item) => {
        const due = new Date(String(item.dueAt));
        return due >= date && due < next;
      });
      const isToday = dayKey(date) === dayKey(new Date());
      return h(
        'section',
        {
          class: `calendar-day${isToday ? ' today' : ''}`,
          'aria-label': dayLabel(date),
          'data-day': dayKey(date),
        },
        h('h3', {}, dayLabel(date)),
        planned.length
          ? h('ul', { class: 'plain' }, planned.map(entry))
          : h('p', { class: 'muted' }, 'Nothing planned.'),
      );
    });
    grid.className = `calendar-grid calendar-${mode}`;
    grid.setAttribute('data-testid', `calendar-${mode}`);
    grid.replaceChildren(...columns);
  };

  const load = async () => {
    const start = startOf(day, mode);
    const days = mode === 'week' ? 7 : 1;
    const end = addDays(start, days);
    dayButton.setAttribute('aria-pressed', String(mode === 'day'));
    weekButton.setAttribute('aria-pressed', String(mode === 'week'));
    heading.textContent =
      mode === 'week'
        ? `Week of ${start.toLocaleDateString()} – ${new Date(end.getTime() - DAY_MS).toLocaleDateString()}`
        : dayLabel(start);
    status.textContent = 'Loading…';
    const ticket = ++asked;
    try {
      const calendar = await shellApi.calendar(start, end, user);
      if (disposed || ticket !== asked) return;
      status.textContent = calendar.items.length ? '' : 'Nothing planned in this period.';
      render(start, days, calendar.items);
    } catch (err) {
      if (!disposed && ticket === asked) {
        status.textContent = `Could not load the calendar: ${errorMessage(err)}`;
      }
    }
  };

  const offerUsers = async () => {
    try {
      const { items } = await shellApi.calendarUsers();
      if (disposed || items.length < 2) return;
      userPicker.replaceChildren(
        ...items.map((person: CalendarUser) =>
          h('option', { value: person.id, selected: person.id === user }, person.name),
        ),
      );
      userPicker.hidden = false;
    } catch (err) {
      // The own calendar still works; only the choice of someone else's is missing.
      if (!disposed) status.textContent = `Could not list the colleagues: ${errorMessage(err)}`;
    }
  };

  void load();
  void offerUsers();
  return {
    unmount: () => {
      disposed = true;
    },
    reroute: (id) => {
      day = parseDay(id);
      void load();
    },
  };
}
