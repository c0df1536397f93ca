import { compareIds, computeMarkers, mergeEvents } from '../src/instance-state';
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
});
