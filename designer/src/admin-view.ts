import { type AdminPanel, teamsPanel, usersPanel } from './admin-people';
import { integrationsPanel, pipelinesPanel, statusesPanel } from './admin-settings';
import { errorMessage, h } from './dom';

/**
 * Admin: users, teams and their supervisors, the client lifecycle, deal pipelines and the
 * inbound integrations, on one page. A change to users or teams re-reads both (a user's team is
 * a team's member).
 */
export function mountAdmin(root: HTMLElement): () => void {
  let disposed = false;
  const problem = h('p', { class: 'error', role: 'alert' });
  const reloadPeople = () => void load([users, teams]);
  const users = usersPanel(reloadPeople);
  const teams = teamsPanel(reloadPeople);
  const panels: AdminPanel[] = [
    users,
    teams,
    statusesPanel(),
    pipelinesPanel(),
    integrationsPanel(),
  ];

  async function load(which: AdminPanel[]): Promise<void> {
    try {
      await Promise.all(which.map((panel) => panel.load()));
      if (!disposed) problem.textContent = '';
    } catch (err) {
      if (!disposed) problem.textContent = `Could not load: ${errorMessage(err)}`;
    }
  }

  root.replaceChildren(
    h(
      'div',
      { class: 'admin' },
      h('h1', {}, 'Admin'),
      problem,
      ...panels.map((panel) => panel.element),
    ),
  );
  void load(panels);
  return () => {
    disposed = true;
  };
}
