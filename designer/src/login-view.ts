import { api, session } from './api';
import { errorMessage, h } from './dom';

/** The sign-in form; calls `onLoggedIn` once a token is stored. */
export function mountLogin(root: HTMLElement, onLoggedIn: () => void, notice?: string): () => void {
  const email = h('input', {
    name: 'email',
    type: 'email',
    value: 'analyst@demo.local',
    autocomplete: 'username',
    required: true,
  });
  const password = h('input', {
    name: 'password',
    type: 'password',
    value: 'demo',
    autocomplete: 'current-password',
    required: true,
  });
  const submit = h('button', { type: 'submit' }, 'Sign in');
  const message = h('p', { class: 'error', role: 'alert' }, notice ?? '');

  const form = h(
    'form',
    {
      class: 'card login',
      'data-testid': 'login-form',
      onsubmit: async (event: SubmitEvent) => {
        event.preventDefault();
        submit.disabled = true;
        message.textContent = '';
        try {
          session.save(await api.login(email.value.trim(), password.value));
          onLoggedIn();
        } catch (err) {
          message.textContent = errorMessage(err);
          submit.disabled = false;
        }
      },
    },
    h('h2', {}, 'Sign in to Flowcard'),
    h('label', {}, 'Email', email),
    h('label', {}, 'Password', password),
    submit,
    message,
  );

  root.replaceChildren(form);
  return () => undefined;
}
