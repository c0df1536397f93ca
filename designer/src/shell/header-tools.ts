import { h } from '../dom';
import type { User } from '../types';
import { globalSearch } from './global-search';
import { notificationBell } from './notifications';

let current: { token: string; element: HTMLElement; close(): void } | undefined;

/**
 * The header's search and notification bell, made once per sign-in and kept while the header
 * is redrawn, so the bell keeps its rooms on the tab's live connection and its count across
 * screens; null when signed out (and whatever the previous user had is closed).
 */
export function headerTools(user: User | null, token: string | null): HTMLElement | null {
  if (current && (!user || current.token !== token)) {
    current.close();
    current = undefined;
  }
  if (!user || !token) return null;
  if (!current) {
    const search = globalSearch();
    const bell = notificationBell(user, token);
    current = {
      token,
      element: h('div', { class: 'header-tools' }, search.element, bell.element),
      close: () => {
        search.close();
        bell.close();
      },
    };
  }
  return current.element;
}
