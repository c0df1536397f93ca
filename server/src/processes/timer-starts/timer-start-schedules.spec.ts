import { scheduleSpec } from './timer-start-schedules';

describe('scheduleSpec', () => {
  it('takes a date as a one-time calendar moment in UTC', () => {
    expect(scheduleSpec({ date: '2030-01-31T08:05:09.000Z' })).toEqual({
      spec: { cronExpressions: ['9 5 8 31 1 * 2030'] },
      remainingActions: 1,
    });
  });

  it('takes an ISO-8601 cycle as an interval, limited to its repetitions', () => {
    expect(scheduleSpec({ cycle: { repetitions: 5, intervalMs: 3_600_000 } })).toEqual({
      spec: { intervals: [{ every: 3_600_000 }] },
      remainingActions: 5,
    });
    expect(scheduleSpec({ cycle: { repetitions: null, intervalMs: 86_400_000 } })).toEqual({
      spec: { intervals: [{ every: 86_400_000 }] },
    });
  });

  it('reads a six-field cron with the seconds first, as Camunda writes it; five fields as they are', () => {
    expect(scheduleSpec({ cycle: { cron: '0 0 9 ? * MON-FRI' } })).toEqual({
      spec: { cronExpressions: ['0 0 9 * * MON-FRI *'] },
    });
    expect(scheduleSpec({ cycle: { cron: '30 9 * * 1' } })).toEqual({
      spec: { cronExpressions: ['30 9 * * 1'] },
    });
  });
});
