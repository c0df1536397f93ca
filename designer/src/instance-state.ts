import type { Marker } from './diagram';
import type { InstanceEvent, InstanceStatus } from './types';

/** Compares event ids: increasing integers serialised as strings (may exceed 2^53). */
export function compareIds(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

/** Adds events to a list sorted by id, skipping ones already present. */
export function mergeEvents(list: InstanceEvent[], incoming: InstanceEvent[]): InstanceEvent[] {
  const byId = new Map(list.map((e) => [e.id, e]));
  for (const event of incoming) byId.set(event.id, event);
  return [...byId.values()].sort((x, y) => compareIds(x.id, y.id));
}

/**
 * Derives diagram markers from the event history: an element is active while it has been
 * started more often than completed (or has an open task), completed once it has completed at
 * least once, interrupted once a boundary event or an error terminated it. Once the instance
 * has ended, anything still "active" was interrupted.
 */
export function computeMarkers(
  events: readonly InstanceEvent[],
  status: InstanceStatus,
  openTaskElementIds: Iterable<string> = [],
): Map<string, Marker> {
  const running = new Map<string, number>();
  const completed = new Set<string>();
  const terminated = new Set<string>();
  for (const { type, elementId } of events) {
    if (!elementId) continue;
    if (type === 'element.started') {
      running.set(elementId, (running.get(elementId) ?? 0) + 1);
    } else if (type === 'element.completed' || type === 'element.terminated') {
      running.set(elementId, Math.max(0, (running.get(elementId) ?? 0) - 1));
      (type === 'element.completed' ? completed : terminated).add(elementId);
    }
  }

  const active = new Set([...running].filter(([, count]) => count > 0).map(([id]) => id));
  for (const id of openTaskElementIds) active.add(id);

  const markers = new Map<string, Marker>();
  for (const id of terminated) markers.set(id, 'fc-interrupted');
  for (const id of completed) markers.set(id, 'fc-completed');
  for (const id of active) markers.set(id, status === 'running' ? 'fc-active' : 'fc-interrupted');
  return markers;
}
