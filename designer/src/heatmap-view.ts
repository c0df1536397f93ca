import { api, session } from './api';
import { type Badge, DiagramView } from './diagram';
import { errorMessage, h, headRow, throttle } from './dom';
import { formatDuration, heatLevels } from './instance-state';
import { subscribeToRooms, type Subscription } from './live';
import type { Heatmap } from './types';

/** At most one refetch per this interval however many events arrive. */
const REFETCH_MS = 1_000;

/**
 * Where the live instances of one process version wait: a badge with the tokens on each element
 * and the element coloured by its average visit, relative to the slowest element. Refetched
 * (throttled) as the version's instances move.
 */
export function mountHeatmap(root: HTMLElement, definitionId: string): () => void {
  let disposed = false;
  let subscription: Subscription | undefined;
  let diagramShown = false;
  let latest: Heatmap | undefined;

  const title = h('h2', {}, 'Loading heatmap…');
  const summary = h('p', { class: 'muted', role: 'status', 'data-testid': 'heatmap-summary' });
  const liveBadge = h('span', { class: 'live-status', 'data-testid': 'live-status' });
  const problem = h('p', { class: 'error', role: 'alert' });
  const canvas = h('div', { class: 'diagram', 'data-testid': 'heatmap-diagram' });
  const rows = h('tbody', { 'data-testid': 'heatmap' });
  const diagram = new DiagramView(canvas);

  root.replaceChildren(
    h(
      'div',
      { class: 'instance' },
      h('header', { class: 'instance-header' }, title, liveBadge),
      problem,
      summary,
      canvas,
      h(
        'section',
        { class: 'card' },
        h('h3', {}, 'Elements'),
        h(
          'table',
          { class: 'list' },
          headRow('Element', 'Waiting now', 'Visits', 'Average visit'),
          rows,
        ),
      ),
    ),
  );

  const render = () => {
    if (!latest) return;
    const { elements, liveInstances } = latest;
    summary.textContent = `${liveInstances} live instance(s); colour by the average time an element holds a token.`;
    rows.replaceChildren(
      ...elements.map((heat) =>
        h(
          'tr',
          { 'data-element-id': heat.elementId },
          h('td', {}, h('code', {}, heat.elementId)),
          h('td', {}, heat.waiting),
          h('td', {}, heat.visits),
          h('td', {}, formatDuration(heat.averageMs)),
        ),
      ),
    );
    if (!diagramShown) return;
    const levels = heatLevels(elements);
    diagram.setMarkers(
      new Map(elements.map((heat) => [heat.elementId, `fc-heat-${levels.get(heat.elementId)}`])),
    );
    diagram.setBadges(
      new Map(
        elements
          .filter((heat) => heat.waiting > 0)
          .map((heat): [string, Badge] => [
            heat.elementId,
            {
              text: String(heat.waiting),
              className: `fc-count fc-heat-badge-${levels.get(heat.elementId)}`,
              title: `${heat.waiting} waiting; average visit ${formatDuration(heat.averageMs)}`,
            },
          ]),
      ),
    );
  };

  const load = async () => {
    try {
      const heatmap = await api.getHeatmap(definitionId);
      if (disposed) return;
      latest = heatmap;
      problem.textContent = '';
      render();
    } catch (err) {
      if (!disposed) problem.textContent = `Could not load the heatmap: ${errorMessage(err)}`;
    }
  };
  const refetch = throttle(() => void load(), REFETCH_MS);

  (async () => {
    try {
      const definition = await api.getDefinition(definitionId);
      if (disposed) return;
      title.textContent = `Heatmap — ${definition.name || definition.key} v${definition.version}`;
      await diagram.show(definition.bpmnXml);
      if (disposed) return;
      diagramShown = true;
      await load();
      const token = session.token;
      if (!token || disposed) return;
      subscription = subscribeToRooms([`definition:${definitionId}`], {
        token,
        onEvent: () => !disposed && refetch(),
        onStatus: (status, detail) => {
          if (disposed) return;
          liveBadge.className = `live-status live-${status}`;
          liveBadge.textContent = detail ? `${status}: ${detail}` : status;
          // What moved while the connection was down is in the next answer.
          if (status === 'live') refetch();
        },
      });
    } catch (err) {
      if (!disposed) problem.textContent = `Could not load the heatmap: ${errorMessage(err)}`;
    }
  })();

  return () => {
    disposed = true;
    refetch.cancel();
    subscription?.close();
    diagram.destroy();
  };
}
