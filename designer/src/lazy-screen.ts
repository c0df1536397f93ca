import { h } from './dom';
import type { MountedView } from './sections';

/**
 * A screen whose code is loaded when it first opens (a separate chunk): the screens built on
 * bpmn-js weigh most of the app, and the task list and client cards should not wait for them.
 */
export function lazyScreen(
  root: HTMLElement,
  load: () => Promise<(root: HTMLElement) => () => void>,
): MountedView {
  let unmount: (() => void) | undefined;
  let gone = false;
  root.replaceChildren(h('p', { class: 'muted', role: 'status' }, 'Loading…'));
  load().then(
    (mount) => {
      if (!gone) unmount = mount(root);
    },
    (err: unknown) => {
      if (gone) return;
      root.replaceChildren(
        h('p', { class: 'error', role: 'alert' }, `Could not load this screen: ${String(err)}`),
      );
    },
  );
  return {
    unmount: () => {
      gone = true;
      unmount?.();
    },
  };
}
