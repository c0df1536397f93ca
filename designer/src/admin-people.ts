import { adminApi, ROLES, type Role, type Team, type UserSummary } from './admin-api';
import { errorMessage, h, headRow } from './dom';

/** A panel of the admin screen: its element and how to read its data again. */
export interface AdminPanel {
  element: HTMLElement;
  load(): Promise<void>;
}

/** Runs `action`, reporting its outcome in `status`; true when it succeeded. */
export async function attempt(
  status: HTMLElement,
  action: () => Promise<unknown>,
  done?: string,
): Promise<boolean> {
  status.className = '';
  status.textContent = '';
  try {
    await action();
    if (done) {
      status.className = 'ok';
      status.textContent = done;
    }
    return true;
  } catch (err) {
    status.className = 'error';
    status.textContent = errorMessage(err);
    return false;
  }
}

function roleBoxes(label: string, checked: readonly Role[]): HTMLElement {
  return h(
    'fieldset',
    { class: 'roles-picker' },
    h('legend', {}, label),
    ...ROLES.map((role) =>
      h(
        'label',
        {},
        h('input', {
          type: 'checkbox',
          name: 'role',
          value: role,
          checked: checked.includes(role),
        }),
        ` ${role}`,
      ),
    ),
  );
}

function pickedRoles(boxes: HTMLElement): Role[] {
  return [...boxes.querySelectorAll<HTMLInputElement>('input[name="role"]:checked')].map(
    (box) => box.value as Role,
  );
}

function teamSelect(label: string, teams: Team[], selected: string | null): HTMLSelectElement {
  return h(
    'select',
    { name: 'teamId', 'aria-label': label },
    h('option', { value: '' }, 'No team'),
    ...teams.map((team) =>
      h('option', { value: team.id, selected: team.id === selected }, team.name),
    ),
  );
}

/** Users: who signs in, with which roles, in which team; deactivated users cannot sign in. */
export function usersPanel(onChanged: () => void): AdminPanel {
  const rows = h('tbody', { 'data-testid': 'admin-users' });
  const status = h('p', { role: 'status' });
  const showInactive = h('input', { type: 'checkbox', name: 'inactive' });
  let teams: Team[] = [];

  const row = (user: UserSummary, active: boolean) => {
    const roles = roleBoxes(`Roles of ${user.name}`, user.roles);
    const team = teamSelect(`Team of ${user.name}`, teams, user.teamId);
    const save = async () => {
      const change = { roles: pickedRoles(roles), teamId: team.value || null };
      if (await attempt(status, () => adminApi.updateUser(user.id, change), `Saved ${user.name}.`))
        onChanged();
    };
    const setActive = async () => {
      const done = `${user.name} is ${active ? 'deactivated' : 'active again'}.`;
      if (await attempt(status, () => adminApi.updateUser(user.id, { active: !active }), done))
        onChanged();
    };
    return h(
      'tr',
      { 'data-id': user.id },
      h('td', {}, user.name),
      h('td', {}, user.email),
      h('td', {}, roles),
      h('td', {}, team),
      h(
        'td',
        {},
        active &&
          h('button', { type: 'button', 'aria-label': `Save ${user.name}`, onclick: save }, 'Save'),
        h(
          'button',
          {
            type: 'button',
            class: 'secondary',
            'aria-label': `${active ? 'Deactivate' : 'Reactivate'} ${user.name}`,
            onclick: setActive,
          },
          active ? 'Deactivate' : 'Reactivate',
        ),
      ),
    );
  };

  const newName = h('input', {
    name: 'name',
    required: true,
    'aria-label': 'Name',
    placeholder: 'Name',
  });
  const newEmail = h('input', {
    name: 'email',
    type: 'email',
    required: true,
    'aria-label': 'Email',
    placeholder: 'Email',
  });
  const newPassword = h('input', {
    name: 'password',
    type: 'password',
    required: true,
    minlength: 8,
    autocomplete: 'new-password',
    'aria-label': 'Password',
    placeholder: 'Password (8 or more)',
  });
  const newRoles = roleBoxes('Roles', ['manager']);
  const newTeam = h('div');
  const createForm = h(
    'form',
    {
      class: 'inline-form',
      'aria-label': 'New user',
      onsubmit: async (event: SubmitEvent) => {
        event.preventDefault();
        const teamId = newTeam.querySelector('select')?.value || null;
        const user = {
          name: newName.value.trim(),
          email: newEmail.value.trim(),
          password: newPassword.value,
          roles: pickedRoles(newRoles),
          teamId,
        };
        if (await attempt(status, () => adminApi.createUser(user), `Created ${user.name}.`)) {
          createForm.reset();
          onChanged();
        }
      },
    },
    newName,
    newEmail,
    newPassword,
    newRoles,
    newTeam,
    h('button', { type: 'submit' }, 'Create user'),
  );

  const load = async () => {
    const active = !showInactive.checked;
    const [users, teamPage] = await Promise.all([adminApi.listUsers(active), adminApi.listTeams()]);
    teams = teamPage.items;
    newTeam.replaceChildren(teamSelect('Team', teams, null));
    rows.replaceChildren(...users.items.map((user) => row(user, active)));
  };
  showInactive.addEventListener('change', () => void attempt(status, load));

  return {
    load,
    element: h(
      'section',
      { class: 'card', 'aria-label': 'Users' },
      h('h2', {}, 'Users'),
      createForm,
      h('label', {}, showInactive, ' Show deactivated users'),
      h('table', { class: 'list' }, headRow('Name', 'Email', 'Roles', 'Team', ''), rows),
      status,
    ),
  };
}

/** Teams, their members (set on the user) and the supervisors who oversee each. */
export function teamsPanel(onChanged: () => void): AdminPanel {
  const rows = h('tbody', { 'data-testid': 'admin-teams' });
  const status = h('p', { role: 'status' });
  const name = h('input', {
    name: 'name',
    required: true,
    'aria-label': 'Team name',
    placeholder: 'Team name',
  });

  const row = (team: Team, users: UserSummary[]) => {
    const names = new Map(users.map((user) => [user.id, user.name]));
    const supervisors = h(
      'select',
      { multiple: true, name: 'supervisors', 'aria-label': `Supervisors of ${team.name}` },
      ...users
        .filter((user) => user.roles.includes('supervisor') || team.supervisorIds.includes(user.id))
        .map((user) =>
          h(
            'option',
            { value: user.id, selected: team.supervisorIds.includes(user.id) },
            user.name,
          ),
        ),
    );
    const save = async () => {
      const ids = [...supervisors.selectedOptions].map((option) => option.value);
      if (await attempt(status, () => adminApi.setSupervisors(team.id, ids), `Saved ${team.name}.`))
        onChanged();
    };
    return h(
      'tr',
      { 'data-id': team.id },
      h('td', {}, team.name),
      h('td', {}, team.memberIds.map((id) => names.get(id) ?? id).join(', ') || '—'),
      h('td', {}, supervisors),
      h(
        'td',
        {},
        h(
          'button',
          { type: 'button', 'aria-label': `Save supervisors of ${team.name}`, onclick: save },
          'Save',
        ),
      ),
    );
  };

  const load = async () => {
    const [teams, users] = await Promise.all([adminApi.listTeams(), adminApi.listUsers(true)]);
    rows.replaceChildren(...teams.items.map((team) => row(team, users.items)));
  };

  return {
    load,
    element: h(
      'section',
      { class: 'card', 'aria-label': 'Teams' },
      h('h2', {}, 'Teams'),
      h(
        'form',
        {
          class: 'inline-form',
          'aria-label': 'New team',
          onsubmit: async (event: SubmitEvent) => {
            event.preventDefault();
            const teamName = name.value.trim();
            if (
              await attempt(status, () => adminApi.createTeam(teamName), `Created ${teamName}.`)
            ) {
              name.value = '';
              onChanged();
            }
          },
        },
        name,
        h('button', { type: 'submit' }, 'Create team'),
      ),
      h('table', { class: 'list' }, headRow('Team', 'Members', 'Supervisors', ''), rows),
      status,
    ),
  };
}
