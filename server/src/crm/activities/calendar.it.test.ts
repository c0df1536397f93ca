/**
 * The calendar on the real API and Postgres: a user's planned calls, meetings and tasks in a
 * window, and whose calendar the caller may read.
 */
import { randomUUID } from 'node:crypto';
import { DemoPerson, useFlowcard } from '#test/harness/index';
import { Client } from '../clients/client.entity';

const { flowcard, ids, as, newClient, newActivity } = useFlowcard({ worker: false });

describe('calendar', () => {
  // A week far from every other test's activities, so the window holds only what this test plans.
  const week = (day: number, hour: number) =>
    new Date(Date.UTC(2031, 2, 2 + day, hour)).toISOString();
  const from = week(0, 0);
  const to = week(7, 0);

  it("lists a user's planned calls, meetings and tasks in [from, to), in time order", async () => {
    const { id: clientId, name: clientName } = await newClient('manager');
    const make = (who: DemoPerson, body: Record<string, unknown>) =>
      newActivity(who, { clientId, ...body });
    const atStart = await make('manager', { kind: 'task', subject: 'at start', dueAt: from });
    const meeting = await make('manager', {
      kind: 'meeting',
      subject: 'meeting',
      dueAt: week(3, 10),
      endsAt: week(3, 11),
    });
    const call = await make('manager', { kind: 'call', subject: 'call', dueAt: week(1, 9) });
    await make('manager', { kind: 'task', subject: 'at end', dueAt: to });
    await make('manager', { kind: 'task', subject: 'before', dueAt: week(-1, 23) });
    const done = await make('manager', { kind: 'call', subject: 'done', dueAt: week(2, 9) });
    await as('manager', 'POST', `/api/activities/${done.id}/complete`, {});
    const cancelled = await make('manager', {
      kind: 'task',
      subject: 'cancelled',
      dueAt: week(2, 10),
    });
    await as('manager', 'POST', `/api/activities/${cancelled.id}/cancel`);
    await make('manager', { kind: 'note', subject: 'note', body: 'x' });
    const noahs = await make('noah', { kind: 'call', subject: 'noah', dueAt: week(4, 9) });

    const calendar = async (who: DemoPerson, query: string) => {
      const response = await as(who, 'GET', `/api/calendar?${query}`);
      expect(response.status).toBe(200);
      return response.body;
    };
    const mine = await calendar('manager', `from=${from}&to=${to}`);
    expect(mine.userId).toBe(ids.manager);
    expect(mine.items.map((activity: { id: string }) => activity.id)).toEqual([
      atStart.id,
      call.id,
      meeting.id,
    ]);
    expect(mine.items[2]).toMatchObject({
      kind: 'meeting',
      overdue: false,
      endsAt: week(3, 11),
      clientId,
      clientName,
    });
    expect((await calendar('manager', `from=${from}&to=${to}&user=me`)).items).toHaveLength(3);

    // A team mate's calendar, and theirs as the supervisor and an analyst see it.
    for (const who of ['manager', 'supervisor', 'analyst', 'admin'] as const) {
      const seen = await calendar(who, `from=${from}&to=${to}&user=${ids.noah}`);
      expect(seen.items.map((activity: { id: string }) => activity.id)).toEqual([noahs.id]);
    }
    // Whose records the caller may not read, their calendar does not exist for them.
    const hidden = await as('sara', 'GET', `/api/calendar?from=${from}&to=${to}&user=${ids.noah}`);
    expect([hidden.status, hidden.body.code]).toEqual([404, 'NOT_FOUND']);
    expect(
      (await as('manager', 'GET', `/api/calendar?from=${from}&to=${to}&user=${randomUUID()}`))
        .status,
    ).toBe(404);
    expect((await calendar('sara', `from=${from}&to=${to}`)).items).toEqual([]);
  });

  it('leaves out what is planned with clients that were deleted', async () => {
    const window = 'from=2032-05-03&to=2032-05-10';
    const kept = await newActivity('noah', {
      clientId: (await newClient('noah')).id,
      kind: 'call',
      subject: 'kept',
      dueAt: '2032-05-04T09:00:00Z',
    });
    const { id: deletedClient } = await newClient('noah');
    await newActivity('noah', {
      clientId: deletedClient,
      kind: 'call',
      subject: 'with a deleted client',
      dueAt: '2032-05-05T09:00:00Z',
    });
    await flowcard.dataSource.manager.softDelete(Client, { id: deletedClient });
    const calendar = await as('noah', 'GET', `/api/calendar?${window}`);
    expect(calendar.body.items.map((activity: { id: string }) => activity.id)).toEqual([kept.id]);
  });

  it('needs a window of at most 92 days with to after from', async () => {
    const window = async (query: string) => {
      const response = await as('manager', 'GET', `/api/calendar?${query}`);
      return [response.status, response.body.code];
    };
    expect(await window('from=2031-01-01&to=2031-04-03')).toEqual([200, undefined]);
    expect(await window('from=2031-01-01&to=2031-04-04')).toEqual([400, 'CALENDAR_WINDOW_INVALID']);
    expect(await window('from=2031-01-02&to=2031-01-01')).toEqual([400, 'CALENDAR_WINDOW_INVALID']);
    expect(await window('from=2031-01-01&to=2031-01-01')).toEqual([400, 'CALENDAR_WINDOW_INVALID']);
    expect(await window('to=2031-01-01')).toEqual([400, 'VALIDATION_FAILED']);
    expect(await window('from=2031-01-01')).toEqual([400, 'VALIDATION_FAILED']);
    expect(await window('from=next-monday&to=2031-01-01')).toEqual([400, 'VALIDATION_FAILED']);
    expect(await window('from=2031-01-01&to=2031-02-30')).toEqual([400, 'VALIDATION_FAILED']);
    expect(await window('from=2031-01-01&to=2031-01-02&user=someone')).toEqual([
      400,
      'VALIDATION_FAILED',
    ]);
    expect(await window('from=2031-01-01&to=2031-01-02&colour=red')).toEqual([
      400,
      'VALIDATION_FAILED',
    ]);
  });
});
