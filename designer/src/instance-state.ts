import type { Marker } from './diagram';
import type { ElementHeat, InstanceEvent, InstanceStatus } from './types';

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
  incidentElementIds: Iterable<string> = [],
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
  const live = status === 'running' || status === 'incident';
  for (const id of active) markers.set(id, live ? 'fc-active' : 'fc-interrupted');
  for (const id of incidentElementIds) markers.set(id, 'fc-incident');
  return markers;
}

const ENDS = new Set(['element.completed', 'element.terminated']);

/** Tokens on each element now: its starts less its completions and terminations (only > 0). */
export function tokenCounts(events: readonly InstanceEvent[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const { type, elementId } of events) {
    if (!elementId) continue;
    if (type === 'element.started') counts.set(elementId, (counts.get(elementId) ?? 0) + 1);
    else if (ENDS.has(type)) counts.set(elementId, (counts.get(elementId) ?? 0) - 1);
  }
  return new Map([...counts].filter(([, count]) => count > 0));
}

/** One visit of an element by a token. */
export interface Step {
  elementId: string;
  name: string | null;
  kind: string;
  startedAt: string;
  endedAt: string | null;
  outcome: 'completed' | 'terminated' | 'active';
}

/**
 * The visits of elements in the order they began: a token's `element.started` on an element and
 * the completion or termination of that token there that follows it.
 */
export function stepHistory(events: readonly InstanceEvent[]): Step[] {
  const steps: Step[] = [];
  const open = new Map<string, Step[]>();
  for (const event of events) {
    if (!event.elementId || !event.type.startsWith('element.')) continue;
    const payload = event.payload as {
      tokenId?: string;
      elementKind?: string;
      elementName?: string | null;
    };
    const key = `${event.elementId} ${payload.tokenId ?? ''}`; // element ids have no spaces
    if (event.type === 'element.started') {
      const step: Step = {
        elementId: event.elementId,
        name: payload.elementName ?? null,
        kind: payload.elementKind ?? '',
        startedAt: event.createdAt,
        endedAt: null,
        outcome: 'active',
      };
      steps.push(step);
      open.set(key, [...(open.get(key) ?? []), step]);
    } else if (ENDS.has(event.type)) {
      const step = open.get(key)?.shift();
      if (!step) continue;
      step.endedAt = event.createdAt;
      step.outcome = event.type === 'element.completed' ? 'completed' : 'terminated';
    }
  }
  return steps;
}

/** How long a step took, or has taken until `now` while it is active. */
export function stepDurationMs(step: Step, now: number): number {
  return (step.endedAt ? Date.parse(step.endedAt) : now) - Date.parse(step.startedAt);
}

/** 950 ms, 12.3 s, 4 min 5 s, 2 h 3 min, 3 d 4 h. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))} ms`;
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${Math.floor(seconds % 60)} s`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h ${minutes % 60} min`;
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}

/** One frame of a replay: the map after an element event. */
export interface ReplayFrame {
  event: InstanceEvent;
  markers: Map<string, Marker>;
  counts: Map<string, number>;
}

/**
 * The frames of an ended instance's replay: after each element event, its markers and token
 * counts as they stood then (what is still on an element shows as active).
 */
export function replayFrames(events: readonly InstanceEvent[]): ReplayFrame[] {
  const frames: ReplayFrame[] = [];
  events.forEach((event, index) => {
    if (!event.elementId || !event.type.startsWith('element.')) return;
    const upTo = events.slice(0, index + 1);
    frames.push({
      event,
      markers: computeMarkers(upTo, 'running'),
      counts: tokenCounts(upTo),
    });
  });
  return frames;
}

/** Heat classes fc-heat-0 (coolest) … fc-heat-4, styled in app.css. */
const HEAT_LEVELS = 5;

/** Each element's heat level, 0 … HEAT_LEVELS - 1, by its average against the slowest one. */
export function heatLevels(elements: readonly ElementHeat[]): Map<string, number> {
  const slowest = Math.max(0, ...elements.map((heat) => heat.averageMs));
  return new Map(
    elements.map((heat) => [
      heat.elementId,
      slowest === 0
        ? 0
        : Math.min(HEAT_LEVELS - 1, Math.floor((heat.averageMs / slowest) * HEAT_LEVELS)),
    ]),
  );
}
