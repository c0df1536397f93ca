import { session, setUnauthorizedHandler } from './api';
import { mountCalendar } from './calendar-view';
import { mountClients } from './clients-view';
import { mountDeals } from './deals-view';
import { h } from './dom';
import { lazyScreen } from './lazy-screen';
import { closeLiveConnection, openLiveConnection } from './live';
import { mountLogin } from './login-view';
import { mountMonitoring } from './monitoring-view';
import { allowedSections, homeSection, type MountedView, type Section } from './sections';
import { headerTools } from './shell/header-tools';
import { mountTasks } from './tasks-view';

/**
 * Hash routes:
 *   #/                      the first section the user's roles allow
 *   #/tasks[/<id>]          the task list, with a task open
 *   #/clients[/<id>]        clients, with a client's card
 *   #/deals[/<pipelineId>]  the deals board of a pipeline
 *   #/calendar[/<day>]      the user's planned calls, meetings and tasks around a YYYY-MM-DD day
 *   #/monitoring            process instances
 *   #/instances/<id>        one process instance, live
 *   #/heatmap/<id>          where the live instances of a process version wait, live
 *   #/definitions[/<id>]    process definitions and BPMN upload, with a definition's diagram
 *   #/modeler[/<key>]       the modeler, on an empty diagram or a definition's latest version
 *   #/admin                 users, teams, client statuses, pipelines, integrations (admins)
 */
const app = document.getElementById('app') ?? document.body;
let nav = h('nav');
const view = h('main', { class: 'view' });
app.replaceChildren(nav, view);

let current: { section: string; view: MountedView } | undefined;

function mount(section: string, id: string | undefined): MountedView {
  const screen = (unmount: () => void): MountedView => ({ unmount });
  switch (section as Section | 'instances' | 'heatmap') {
    case 'tasks':
      return mountTasks(view, id);
    case 'clients':
      return screen(mountClients(view, id));
    case 'deals':
      return screen(mountDeals(view, id));
    case 'calendar':
      return mountCalendar(view, id);
    case 'monitoring':
      return screen(mountMonitoring(view));
    case 'instances':
      if (!id) return screen(mountMonitoring(view));
      return lazyScreen(view, async () => {
        const { mountInstance } = await import('./instance-view');
        return (root) => mountInstance(root, id);
      });
    case 'heatmap':
      if (!id) return screen(mountMonitoring(view));
      return lazyScreen(view, async () => {
        const { mountHeatmap } = await import('./heatmap-view');
        return (root) => mountHeatmap(root, id);
      });
    case 'admin':
      return lazyScreen(view, async () => (await import('./admin-view')).mountAdmin);
    case 'modeler':
      return lazyScreen(view, async () => {
        const { mountModeler } = await import('./modeler-view');
        return (root) => mountModeler(root, id);
      });
    default:
      return lazyScreen(view, async () => {
        const { mountDefinitions } = await import('./definitions-view');
        return (root) => mountDefinitions(root, id);
      });
  }
}

function render(notice?: string): void {
  const token = session.token;
  // One live connection per tab while signed in, shared by the header's bell and the screen.
  if (token) openLiveConnection(token);
  else closeLiveConnection();
  renderNav();
  if (!token) {
    current?.view.unmount();
    current = { section: 'login', view: { unmount: mountLogin(view, () => render(), notice) } };
    return;
  }
  const [, rawSection, rawId] = location.hash.split('/');
  const section = rawSection || homeSection(session.user?.roles ?? []);
  const id = rawId ? decodeURIComponent(rawId) : undefined;
  if (current?.section === section && current.view.reroute) {
    current.view.reroute(id);
    return;
  }
  current?.view.unmount();
  current = { section, view: mount(section, id) };
}

function renderNav(): void {
  const user = session.user;
  const [, rawSection] = location.hash.split('/');
  const active = rawSection || (user ? homeSection(user.roles) : '');
  const links = user
    ? allowedSections(user.roles).map(({ section, label }) =>
        h(
          'a',
          {
            href: `#/${section}`,
            'aria-current':
              section === active ||
              (section === 'monitoring' && (active === 'instances' || active === 'heatmap'))
                ? 'page'
                : false,
          },
          label,
        ),
      )
    : [];
  const next = h(
    'nav',
    { class: 'topbar', 'aria-label': 'Sections' },
    h('a', { class: 'brand', href: '#/' }, 'Flowcard'),
    ...links,
    h('span', { class: 'spacer' }),
    headerTools(user, session.token),
    user &&
      h(
        'span',
        { class: 'user', 'data-testid': 'signed-in-user' },
        user.name || user.email,
        h('span', { class: 'roles' }, ` (${user.roles.join(', ')})`),
      ),
    user &&
      h(
        'button',
        {
          type: 'button',
          onclick: () => {
            session.clear();
            // The next user starts at their own home; a hash change renders by itself.
            if (location.hash && location.hash !== '#/') location.hash = '#/';
            else render();
          },
        },
        'Sign out',
      ),
  );
  nav.replaceWith(next);
  nav = next;
}

setUnauthorizedHandler(() => render('Your session has expired. Please sign in again.'));
window.addEventListener('hashchange', () => render());
render();
