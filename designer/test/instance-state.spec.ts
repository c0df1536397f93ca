import {
  compareIds,
  computeMarkers,
  formatDuration,
  heatLevels,
  mergeEvents,
  replayFrames,
  stepDurationMs,
  stepHistory,
  tokenCounts,
} from '../src/instance-state';
import type { InstanceEvent } from '../src/types';

let nextId = 0;
const event = (type: string, elementId: string | null = null, id = String(++nextId)) =>
  ({ id, type, elementId, payload: {}, createdAt: '2026-01-01T00:00:00Z' }) as InstanceEvent;

describe('designer instance state', () => {
  it('orders event ids numerically, beyond 2^53', () => {
    expect(compareIds('9', '10')).toBeLessThan(0);
    expect(compareIds('9007199254740993', '9007199254740992')).toBeGreaterThan(0);
    expect(compareIds('42', '42')).toBe(0);
  });

  it('merges events by id, in order, without duplicates', () => {
    const merged = mergeEvents(
      [event('a', null, '2'), event('b', null, '10')],
      [event('c', null, '9'), event('b', null, '10')],
    );
    expect(merged.map((e) => e.id)).toEqual(['2', '9', '10']);
  });

  it('marks completed and active elements, preferring active for a re-entered element', () => {
    const events = [
      event('element.started', 'start'),
      event('element.completed', 'start'),
      event('element.started', 'review'),
      event('element.completed', 'review'),
      event('element.started', 'review'),
      event('instance.completed'),
    ];
    const markers = computeMarkers(events, 'running', ['approve']);
    expect(Object.fromEntries(markers)).toEqual({
      start: 'fc-completed',
      review: 'fc-active',
      approve: 'fc-active',
    });
  });

  it('shows an element a boundary event terminated as interrupted while the instance runs', () => {
    const events = [
      event('element.started', 'review'),
      event('element.terminated', 'review'),
      event('element.started', 'escalate'),
    ];
    expect(Object.fromEntries(computeMarkers(events, 'running'))).toEqual({
      review: 'fc-interrupted',
      escalate: 'fc-active',
    });
  });

  it('shows elements still active when the instance ended as interrupted', () => {
    const events = [event('element.started', 'review')];
    expect(computeMarkers(events, 'cancelled').get('review')).toBe('fc-interrupted');
  });

  it('marks the elements of open incidents, also while the instance is in incident', () => {
    const events = [
      event('element.started', 'start'),
      event('element.completed', 'start'),
      event('element.started', 'status'),
    ];
    expect(Object.fromEntries(computeMarkers(events, 'incident', [], ['status']))).toEqual({
      start: 'fc-completed',
      status: 'fc-incident',
    });
    expect(computeMarkers([event('element.started', 'review')], 'incident').get('review')).toBe(
      'fc-active',
    );
  });

  it('counts the tokens on each element: starts less completions and terminations', () => {
    const events = [
      event('element.started', 'split'),
      event('element.completed', 'split'),
      event('element.started', 'a'),
      event('element.started', 'a'),
      event('element.started', 'b'),
      event('element.terminated', 'b'),
    ];
    expect(Object.fromEntries(tokenCounts(events))).toEqual({ a: 2 });
  });
});

describe('designer step history and replay', () => {
  const at = (type: string, elementId: string, tokenId: string, time: string) =>
    ({
      id: String(++nextId),
      type,
      elementId,
      payload: { tokenId, elementKind: 'userTask', elementName: elementId.toUpperCase() },
      createdAt: `2026-01-01T00:${time}Z`,
    }) as InstanceEvent;

  it('pairs each start with the end of the same token on the element, with durations', () => {
    const events = [
      at('element.started', 'review', 't1', '00:00'),
      at('element.started', 'review', 't2', '00:01'),
      at('element.completed', 'review', 't2', '00:03'),
      at('element.terminated', 'review', 't1', '01:00'),
      at('element.started', 'approve', 't2', '01:05'),
    ];
    const steps = stepHistory(events);
    expect(steps.map((step) => [step.elementId, step.outcome, step.name])).toEqual([
      ['review', 'terminated', 'REVIEW'],
      ['review', 'completed', 'REVIEW'],
      ['approve', 'active', 'APPROVE'],
    ]);
    const now = Date.parse('2026-01-01T00:02:05Z');
    expect(steps.map((step) => stepDurationMs(step, now))).toEqual([60_000, 2_000, 60_000]);
    expect(formatDuration(2_000)).toBe('2.0 s');
    expect(formatDuration(60_000)).toBe('1 min 0 s');
    expect(formatDuration(3 * 3_600_000 + 60_000)).toBe('3 h 1 min');
  });

  it('replays the map after each element event, the active marker moving on', () => {
    const events = [
      at('element.started', 'review', 't1', '00:00'),
      event('task.created', 'review'),
      at('element.completed', 'review', 't1', '00:03'),
      at('element.started', 'approve', 't1', '00:04'),
      at('element.completed', 'approve', 't1', '00:05'),
      event('instance.completed'),
    ];
    const frames = replayFrames(events);
    expect(frames.map((frame) => Object.fromEntries(frame.markers))).toEqual([
      { review: 'fc-active' },
      { review: 'fc-completed' },
      { review: 'fc-completed', approve: 'fc-active' },
      { review: 'fc-completed', approve: 'fc-completed' },
    ]);
    expect(frames.map((frame) => Object.fromEntries(frame.counts))).toEqual([
      { review: 1 },
      {},
      { approve: 1 },
      {},
    ]);
  });
});

describe('designer heatmap', () => {
  it('colours elements by their average visit against the slowest one', () => {
    const heat = (elementId: string, averageMs: number) => ({
      elementId,
      averageMs,
      waiting: 0,
      visits: 1,
    });
    const levels = heatLevels([heat('fast', 10), heat('middle', 500), heat('slow', 1_000)]);
    expect(Object.fromEntries(levels)).toEqual({ fast: 0, middle: 2, slow: 4 });
    expect(Object.fromEntries(heatLevels([heat('none', 0)]))).toEqual({ none: 0 });
  });
});
