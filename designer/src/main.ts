import { session, setUnauthorizedHandler } from './api';
import { mountDefinitions } from './definitions-view';
import { h } from './dom';
import { mountInstance } from './instance-view';
import { mountLogin } from './login-view';
import { mountModeler } from './modeler-view';

/**
 * Hash routes:
 *   #/                      process definitions and BPMN upload
 *   #/definitions/<id>      the same, with a definition's diagram
 *   #/instances/<id>        one process instance, live
 *   #/modeler               the modeler, on an empty diagram
 *   #/modeler/<key>         the modeler, on the latest version of a definition
 */
const app = document.getElementById('app') ?? document.body;
let nav = h('nav');
const view = h('main', { class: 'view' });
app.replaceChildren(nav, view);

let unmount: () => void = () => undefined;

function render(notice?: string): void {
  unmount();
  renderNav();
  if (!session.token) {
    unmount = mountLogin(view, () => render(), notice);
    return;
  }
  const [, section, rawId] = location.hash.split('/');
  const id = rawId ? decodeURIComponent(rawId) : undefined;
  if (section === 'instances' && id) {
    unmount = mountInstance(view, id);
  } else if (section === 'modeler') {
    unmount = mountModeler(view, id);
  } else {
    unmount = mountDefinitions(view, section === 'definitions' ? id : undefined);
  }
}

function renderNav(): void {
  const user = session.user;
  const instanceId = h('input', {
    name: 'instanceId',
    placeholder: 'Instance id',
    'aria-label': 'Instance id',
  });
  const next = h(
    'nav',
    { class: 'topbar' },
    h('a', { class: 'brand', href: '#/' }, 'Flowcard'),
    h('a', { href: '#/' }, 'Definitions'),
    session.canModel && h('a', { href: '#/modeler' }, 'New process'),
    user &&
      h(
        'form',
        {
          class: 'open-instance',
          onsubmit: (event: SubmitEvent) => {
            event.preventDefault();
            const id = instanceId.value.trim();
            if (id) location.hash = `#/instances/${encodeURIComponent(id)}`;
          },
        },
        instanceId,
        h('button', { type: 'submit' }, 'Open instance'),
      ),
    h('span', { class: 'spacer' }),
    user && h('span', { class: 'user' }, user.name || user.email),
    user &&
      h(
        'button',
        {
          type: 'button',
          onclick: () => {
            session.clear();
            render();
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
