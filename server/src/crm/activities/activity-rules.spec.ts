import { ActivityFields, activityProblems, isOverdue } from './activity-rules';

const blank: Omit<ActivityFields, 'kind'> = {
  body: null,
  dueAt: null,
  endsAt: null,
  direction: null,
  durationSeconds: null,
  result: null,
  recordingUrl: null,
  place: null,
  participants: [],
  reminderAt: null,
  priority: null,
};
const at = (iso: string) => new Date(iso);

describe('activityProblems', () => {
  it('accepts each kind with its own fields', () => {
    expect(
      activityProblems(
        { ...blank, kind: 'call', direction: 'outbound', durationSeconds: 60, result: 'ok' },
        'all',
      ),
    ).toEqual([]);
    expect(
      activityProblems(
        {
          ...blank,
          kind: 'meeting',
          dueAt: at('2026-01-01T10:00:00Z'),
          endsAt: at('2026-01-01T11:00:00Z'),
          place: 'HQ',
          participants: ['a@example.com'],
        },
        'all',
      ),
    ).toEqual([]);
    expect(
      activityProblems(
        {
          ...blank,
          kind: 'task',
          dueAt: at('2026-01-02T00:00:00Z'),
          reminderAt: at('2026-01-01T00:00:00Z'),
          priority: 'high',
        },
        'all',
      ),
    ).toEqual([]);
    expect(activityProblems({ ...blank, kind: 'note', body: 'Met at the fair' }, 'all')).toEqual(
      [],
    );
  });

  it('names every field that belongs to another kind', () => {
    expect(
      activityProblems(
        { ...blank, kind: 'task', direction: 'inbound', place: 'HQ', participants: ['x'] },
        'all',
      ),
    ).toEqual([
      'direction is not allowed for a task',
      'place is not allowed for a task',
      'participants is not allowed for a task',
    ]);
    expect(
      activityProblems({ ...blank, kind: 'note', body: 'x', dueAt: at('2026-01-01') }, 'all'),
    ).toEqual(['dueAt is not allowed for a note']);
  });

  it('needs a start for a meeting and a body for a note, on create or when the update sets them', () => {
    expect(activityProblems({ ...blank, kind: 'meeting' }, 'all')).toEqual([
      'a meeting needs dueAt (its start)',
    ]);
    expect(activityProblems({ ...blank, kind: 'note' }, 'all')).toEqual(['a note needs a body']);
    expect(activityProblems({ ...blank, kind: 'meeting' }, new Set(['place']))).toEqual([]);
    expect(activityProblems({ ...blank, kind: 'meeting' }, new Set(['dueAt']))).toEqual([
      'a meeting needs dueAt (its start)',
    ]);
  });

  it('orders end after start and reminder before due', () => {
    const dueAt = at('2026-01-01T10:00:00Z');
    expect(activityProblems({ ...blank, kind: 'meeting', dueAt, endsAt: dueAt }, 'all')).toEqual([
      'endsAt must be after dueAt',
    ]);
    expect(
      activityProblems(
        { ...blank, kind: 'task', dueAt, reminderAt: at('2026-01-01T10:00:01Z') },
        'all',
      ),
    ).toEqual(['reminderAt must not be after dueAt']);
  });
});

describe('isOverdue', () => {
  const now = at('2026-01-01T12:00:00Z');
  it('is open and past due', () => {
    expect(isOverdue({ status: 'open', dueAt: at('2026-01-01T11:59:59Z') }, now)).toBe(true);
    expect(isOverdue({ status: 'open', dueAt: at('2026-01-01T12:00:01Z') }, now)).toBe(false);
    expect(isOverdue({ status: 'done', dueAt: at('2025-12-01T00:00:00Z') }, now)).toBe(false);
    expect(isOverdue({ status: 'cancelled', dueAt: at('2025-12-01T00:00:00Z') }, now)).toBe(false);
    expect(isOverdue({ status: 'open', dueAt: null }, now)).toBe(false);
  });
});
