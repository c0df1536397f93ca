/**
 * Activities on the real API and Postgres: each kind with its own fields, completing and
 * cancelling, the computed `overdue`, lists, and who may read and change which activity.
 */
import { randomUUID } from 'node:crypto';
import { DemoPerson, NORTH_RECORD_ACCESS, useFlowcard } from '#test/harness/index';
import { clientEvents, lastEventId } from '#test/outbox';
import { Client } from '../clients/client.entity';
import { Activity } from './activity.entity';

const { flowcard, ids, as, pagesOf, newClient, newActivity, auditOf } = useFlowcard({
  worker: false,
});

const HOUR = 3600_000;
const inHours = (hours: number) => new Date(Date.now() + hours * HOUR).toISOString();

describe('creating activities', () => {
  it('creates each kind with its own fields; a note is created done', async () => {
    const { id: clientId } = await newClient('manager');
    const call = await newActivity('manager', {
      clientId,
      kind: 'call',
      subject: 'Follow up',
      direction: 'outbound',
      dueAt: '2030-05-01T09:00:00Z',
    });
    expect(call).toMatchObject({
      kind: 'call',
      direction: 'outbound',
      status: 'open',
      assigneeId: ids.manager,
      createdById: ids.manager,
      dueAt: '2030-05-01T09:00:00.000Z',
      overdue: false,
      completedAt: null,
    });
    const meeting = await newActivity('manager', {
      clientId,
      kind: 'meeting',
      dueAt: '2030-05-02T10:00:00+02:00',
      endsAt: '2030-05-02T11:30:00+02:00',
      place: 'Their office',
      participants: ['Olivia Stone', 'cfo@example.com'],
    });
    expect(meeting).toMatchObject({
      dueAt: '2030-05-02T08:00:00.000Z',
      endsAt: '2030-05-02T09:30:00.000Z',
      place: 'Their office',
      participants: ['Olivia Stone', 'cfo@example.com'],
    });
    const task = await newActivity('manager', {
      clientId,
      kind: 'task',
      dueAt: '2030-05-03',
      reminderAt: '2030-05-02T16:00:00Z',
      priority: 'high',
      assigneeId: ids.noah,
    });
    expect(task).toMatchObject({
      priority: 'high',
      assigneeId: ids.noah,
      reminderAt: '2030-05-02T16:00:00.000Z',
    });
    const beforeNote = await lastEventId(flowcard.dataSource);
    const note = await newActivity('manager', {
      clientId,
      kind: 'note',
      body: 'Prefers e-mail',
    });
    expect(note).toMatchObject({ status: 'done', body: 'Prefers e-mail', overdue: false });
    expect(note.completedAt).not.toBeNull();
    const byManager = { actorUserId: ids.manager, actorIntegration: null, instanceId: null };
    expect(await clientEvents(flowcard.dataSource, clientId, beforeNote)).toEqual([
      {
        type: 'activity.created',
        payload: {
          activityId: note.id,
          clientId,
          kind: 'note',
          subject: note.subject,
          assigneeId: ids.manager,
          status: 'done',
        },
        clientId,
        elementId: null,
        ...byManager,
      },
      {
        type: 'activity.completed',
        payload: { activityId: note.id, clientId, kind: 'note' },
        clientId,
        elementId: null,
        ...byManager,
      },
    ]);
    const held = await newActivity('manager', {
      clientId,
      kind: 'call',
      direction: 'inbound',
      status: 'done',
      durationSeconds: 300,
      result: 'Asked for an offer',
    });
    expect(held).toMatchObject({
      status: 'done',
      durationSeconds: 300,
      result: 'Asked for an offer',
    });

    for (const activity of [call, meeting, task, note, held]) {
      expect(await auditOf('activity', activity.id)).toEqual([
        expect.objectContaining({ action: 'create', actorUserId: ids.manager }),
      ]);
    }
    expect((await as('manager', 'GET', `/api/activities/${meeting.id}`)).body).toMatchObject({
      id: meeting.id,
      overdue: false,
    });
    expect((await as('manager', 'GET', `/api/activities/${randomUUID()}`)).status).toBe(404);
  });

  it('refuses fields of another kind, bad times and bad types, writing nothing', async () => {
    const { id: clientId } = await newClient('manager');
    const cases: [Record<string, unknown>, string][] = [
      [{ kind: 'task', direction: 'inbound' }, 'ACTIVITY_INVALID'],
      [{ kind: 'note', body: 'x', dueAt: '2030-01-01T00:00:00Z' }, 'ACTIVITY_INVALID'],
      [{ kind: 'note' }, 'ACTIVITY_INVALID'],
      [{ kind: 'note', body: 'x', status: 'open' }, 'ACTIVITY_INVALID'],
      [{ kind: 'meeting' }, 'ACTIVITY_INVALID'],
      [
        { kind: 'meeting', dueAt: '2030-01-01T10:00:00Z', endsAt: '2030-01-01T09:00:00Z' },
        'ACTIVITY_INVALID',
      ],
      [
        { kind: 'task', dueAt: '2030-01-01T10:00:00Z', reminderAt: '2030-01-02T00:00:00Z' },
        'ACTIVITY_INVALID',
      ],
      [{ kind: 'call', durationSeconds: 'ten' }, 'VALIDATION_FAILED'],
      [{ kind: 'call', dueAt: '2030-01-01T10:00:00' }, 'VALIDATION_FAILED'],
      [{ kind: 'call', dueAt: 'tomorrow' }, 'VALIDATION_FAILED'],
      [{ kind: 'call', direction: 'sideways' }, 'VALIDATION_FAILED'],
      [{ kind: 'email' }, 'VALIDATION_FAILED'],
      [{ kind: 'call', colour: 'red' }, 'VALIDATION_FAILED'],
      [{ kind: 'call', status: 'cancelled' }, 'VALIDATION_FAILED'],
      [{ kind: 'call', subject: '' }, 'VALIDATION_FAILED'],
    ];
    for (const [fields, code] of cases) {
      const response = await as('manager', 'POST', '/api/activities', {
        clientId,
        subject: 'x',
        ...fields,
      });
      expect({ fields, status: response.status, code: response.body.code }).toEqual({
        fields,
        status: 400,
        code,
      });
    }
    const named = await as('manager', 'POST', '/api/activities', {
      clientId,
      subject: 'x',
      kind: 'task',
      direction: 'inbound',
      place: 'HQ',
    });
    expect(named.body.details).toEqual([
      'direction is not allowed for a task',
      'place is not allowed for a task',
    ]);
    const unknownUser = await as('admin', 'POST', '/api/activities', {
      clientId,
      subject: 'x',
      kind: 'call',
      assigneeId: randomUUID(),
    });
    expect(unknownUser.body.code).toBe('UNKNOWN_USER');
    expect(
      (
        await as('manager', 'POST', '/api/activities', {
          clientId: randomUUID(),
          subject: 'x',
          kind: 'call',
        })
      ).status,
    ).toBe(404);
    expect(await flowcard.dataSource.manager.countBy(Activity, { clientId })).toBe(0);
    const [{ count }] = await flowcard.dataSource.query(
      `SELECT count(*)::int AS count FROM audit_log WHERE entity_type = 'activity' AND after->>'clientId' = $1`,
      [clientId],
    );
    expect(count).toBe(0);
  });
});

describe('working on activities', () => {
  it('completes a call with its result and duration, once, and announces it', async () => {
    const { id: clientId } = await newClient('manager');
    const call = await newActivity('manager', { clientId, kind: 'call', direction: 'outbound' });
    const beforeDone = await lastEventId(flowcard.dataSource);
    const done = await as('noah', 'POST', `/api/activities/${call.id}/complete`, {
      result: 'Interested',
      durationSeconds: 420,
    });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ status: 'done', result: 'Interested', durationSeconds: 420 });
    expect(done.body.completedAt).not.toBeNull();
    const completed = {
      type: 'activity.completed',
      payload: { activityId: call.id, clientId, kind: 'call' },
      actorUserId: ids.noah,
    };
    expect(await clientEvents(flowcard.dataSource, clientId, beforeDone)).toEqual([
      expect.objectContaining(completed),
    ]);
    const again = await as('manager', 'POST', `/api/activities/${call.id}/complete`, {});
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('ACTIVITY_NOT_OPEN');
    expect((await as('manager', 'POST', `/api/activities/${call.id}/cancel`)).status).toBe(409);
    expect(await clientEvents(flowcard.dataSource, clientId, beforeDone)).toEqual([
      expect.objectContaining(completed),
    ]);
    expect((await auditOf('activity', call.id)).at(-1)).toMatchObject({
      action: 'update',
      actorUserId: ids.noah,
      before: { status: 'open', result: null, durationSeconds: null },
      after: { status: 'done', result: 'Interested', durationSeconds: 420 },
    });
  });

  it('keeps call fields to calls when completing, and cancels planned work', async () => {
    const { id: clientId } = await newClient('manager');
    const task = await newActivity('manager', { clientId, kind: 'task' });
    const refused = await as('manager', 'POST', `/api/activities/${task.id}/complete`, {
      result: 'x',
    });
    expect(refused.status).toBe(400);
    expect(
      (await as('manager', 'POST', `/api/activities/${task.id}/complete`, { durationSeconds: -1 }))
        .status,
    ).toBe(400);
    expect(
      (await as('manager', 'POST', `/api/activities/${task.id}/cancel`, { reason: 'x' })).status,
    ).toBe(400);
    expect((await as('manager', 'GET', `/api/activities/${task.id}`)).body.status).toBe('open');

    const cancelled = await as('manager', 'POST', `/api/activities/${task.id}/cancel`);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', completedAt: null });
    expect((await as('manager', 'POST', `/api/activities/${task.id}/complete`, {})).status).toBe(
      409,
    );
    expect((await auditOf('activity', task.id)).map((entry) => entry.action)).toEqual([
      'create',
      'update',
    ]);
  });

  it('updates fields, checking them against the kind and the stored values', async () => {
    const { id: clientId } = await newClient('manager');
    const meeting = await newActivity('manager', {
      clientId,
      kind: 'meeting',
      dueAt: '2030-06-01T10:00:00Z',
      endsAt: '2030-06-01T11:00:00Z',
    });
    const moved = await as('manager', 'PATCH', `/api/activities/${meeting.id}`, {
      subject: 'Kick-off',
      dueAt: '2030-06-02T10:00:00Z',
      endsAt: '2030-06-02T12:00:00Z',
      participants: ['Marek Novak'],
    });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({
      subject: 'Kick-off',
      dueAt: '2030-06-02T10:00:00.000Z',
      endsAt: '2030-06-02T12:00:00.000Z',
      participants: ['Marek Novak'],
    });
    expect((await auditOf('activity', meeting.id)).at(-1)).toMatchObject({
      action: 'update',
      before: { subject: 'Something', participants: [] },
      after: { subject: 'Kick-off', participants: ['Marek Novak'] },
    });

    for (const body of [
      { endsAt: '2030-06-02T09:00:00Z' },
      { dueAt: null },
      { direction: 'inbound' },
      { subject: null },
      { kind: 'task' },
      { status: 'done' },
      { participants: 'everyone' },
    ]) {
      const response = await as('manager', 'PATCH', `/api/activities/${meeting.id}`, body);
      expect({ body, status: response.status }).toEqual({ body, status: 400 });
    }
    expect((await as('manager', 'GET', `/api/activities/${meeting.id}`)).body).toMatchObject({
      subject: 'Kick-off',
      kind: 'meeting',
      status: 'open',
      endsAt: '2030-06-02T12:00:00.000Z',
    });
    expect(await auditOf('activity', meeting.id)).toHaveLength(2);
  });
});

describe('overdue', () => {
  it('is computed on every read: open and past due', async () => {
    const { id: clientId } = await newClient('manager');
    const late = await newActivity('manager', { clientId, kind: 'task', dueAt: inHours(-2) });
    const soon = await newActivity('manager', { clientId, kind: 'task', dueAt: inHours(2) });
    const lateButDone = await newActivity('manager', {
      clientId,
      kind: 'call',
      dueAt: inHours(-3),
    });
    await as('manager', 'POST', `/api/activities/${lateButDone.id}/complete`, {});
    const undated = await newActivity('manager', { clientId, kind: 'task' });
    expect([late, soon, undated].map((activity) => activity.overdue)).toEqual([true, false, false]);
    expect((await as('manager', 'GET', `/api/activities/${lateButDone.id}`)).body.overdue).toBe(
      false,
    );

    // Not stored: the same row becomes overdue once its time has passed.
    await flowcard.dataSource.manager.update(
      Activity,
      { id: soon.id },
      { dueAt: new Date(Date.now() - 1000) },
    );
    expect((await as('manager', 'GET', `/api/activities/${soon.id}`)).body.overdue).toBe(true);

    const listed = async (overdue: boolean) =>
      (
        await as(
          'manager',
          'GET',
          `/api/activities?clientId=${clientId}&overdue=${overdue}&sort=dueAt`,
        )
      ).body.items.map((activity: { id: string; overdue: boolean }) => [
        activity.id,
        activity.overdue,
      ]);
    expect(await listed(true)).toEqual([
      [late.id, true],
      [soon.id, true],
    ]);
    expect(await listed(false)).toEqual([
      [lateButDone.id, false],
      [undated.id, false],
    ]);
    expect((await as('manager', 'GET', '/api/activities?overdue=maybe')).status).toBe(400);
  });
});

describe('listing activities', () => {
  it('filters, sorts and pages', async () => {
    const { id: clientId } = await newClient('manager');
    const make = (who: DemoPerson, body: Record<string, unknown>) =>
      newActivity(who, { clientId, ...body });
    const first = await make('manager', {
      kind: 'call',
      subject: 'first',
      dueAt: '2030-01-01T08:00:00Z',
    });
    const second = await make('manager', {
      kind: 'task',
      subject: 'second',
      dueAt: '2030-01-02T08:00:00Z',
    });
    const third = await make('manager', {
      kind: 'meeting',
      subject: 'third',
      dueAt: '2030-01-03T08:00:00Z',
      assigneeId: ids.noah,
    });
    const note = await make('manager', { kind: 'note', subject: 'note', body: 'x' });
    await as('manager', 'POST', `/api/activities/${second.id}/cancel`);

    const subjects = async (who: DemoPerson, query: string) => {
      const response = await as(who, 'GET', `/api/activities?clientId=${clientId}&${query}`);
      expect(response.status).toBe(200);
      return response.body.items.map((activity: { subject: string }) => activity.subject);
    };
    expect(await subjects('manager', 'sort=dueAt')).toEqual(['first', 'second', 'third', 'note']);
    expect(await subjects('manager', 'sort=dueAt&order=desc')).toEqual([
      'note',
      'third',
      'second',
      'first',
    ]);
    expect(await subjects('manager', 'sort=createdAt')).toEqual([
      'first',
      'second',
      'third',
      'note',
    ]);
    expect(await subjects('manager', 'kind=call')).toEqual(['first']);
    expect(await subjects('manager', 'status=cancelled')).toEqual(['second']);
    expect(await subjects('manager', 'assignee=me&sort=dueAt')).toEqual([
      'first',
      'second',
      'note',
    ]);
    expect(await subjects('noah', 'assignee=me')).toEqual(['third']);
    expect(await subjects('manager', `assignee=${ids.noah}`)).toEqual(['third']);
    expect(
      await subjects('manager', 'dueFrom=2030-01-02T08:00:00Z&dueTo=2030-01-03T08:00:00Z'),
    ).toEqual(['second']);

    const pages = await pagesOf(
      'manager',
      `/api/activities?clientId=${clientId}&sort=dueAt&limit=3`,
    );
    expect(
      pages.flatMap((page) => page.items.map((activity: { id: string }) => activity.id)),
    ).toEqual([first.id, second.id, third.id, note.id]);

    for (const query of [
      'kind=email',
      'sort=subject',
      'assignee=someone',
      'dueFrom=yesterday',
      'extra=1',
    ]) {
      expect((await as('manager', 'GET', `/api/activities?${query}`)).status).toBe(400);
    }
  });
});

describe('who may read and change an activity of team North', () => {
  let activityId: string;
  let clientId: string;

  beforeEach(async () => {
    clientId = (await newClient('manager')).id;
    activityId = (await newActivity('manager', { clientId, kind: 'call' })).id;
  });

  it.each(NORTH_RECORD_ACCESS)('%s reads with %i and changes with %i', async (who, read, write) => {
    expect((await as(who, 'GET', `/api/activities/${activityId}`)).status).toBe(read);
    const listed = await as(who, 'GET', `/api/activities?clientId=${clientId}`);
    expect(listed.body.items.map((activity: { id: string }) => activity.id)).toEqual(
      read === 200 ? [activityId] : [],
    );
    const before = await flowcard.dataSource.manager.findOneByOrFail(Activity, { id: activityId });
    const patched = await as(who, 'PATCH', `/api/activities/${activityId}`, {
      subject: `By ${who}`,
    });
    const completed = await as(who, 'POST', `/api/activities/${activityId}/complete`, {});
    expect([patched.status, completed.status]).toEqual([write, write]);
    if (write !== 200) {
      expect(
        await flowcard.dataSource.manager.findOneByOrFail(Activity, { id: activityId }),
      ).toEqual(before);
      expect(await auditOf('activity', activityId)).toHaveLength(1);
    }
    const another = (await newActivity('manager', { clientId, kind: 'task' })).id;
    expect((await as(who, 'POST', `/api/activities/${another}/cancel`)).status).toBe(write);
  });

  it('lets only readers of the client create activities, for assignees they may assign', async () => {
    const base = { clientId, kind: 'task', subject: 'x' };
    expect((await as('sara', 'POST', '/api/activities', base)).status).toBe(404);
    expect((await as('analyst', 'POST', '/api/activities', base)).status).toBe(403);
    expect(
      (await as('manager', 'POST', '/api/activities', { ...base, assigneeId: ids.sara })).status,
    ).toBe(403);
    expect((await newActivity('noah', base)).assigneeId).toBe(ids.noah);
    expect((await newActivity('admin', { ...base, assigneeId: ids.sara })).assigneeId).toBe(
      ids.sara,
    );
    expect(await flowcard.dataSource.manager.countBy(Activity, { clientId })).toBe(3);
  });

  it('lets the supervisor of North reassign within North but not to South', async () => {
    const toSouth = await as('supervisor', 'PATCH', `/api/activities/${activityId}`, {
      assigneeId: ids.sara,
    });
    expect(toSouth.status).toBe(403);
    const toNoah = await as('supervisor', 'PATCH', `/api/activities/${activityId}`, {
      assigneeId: ids.noah,
    });
    expect(toNoah.status).toBe(200);
    expect(toNoah.body.assigneeId).toBe(ids.noah);
    expect(
      (await as('noah', 'GET', '/api/activities?assignee=me')).body.items.map(
        (a: { id: string }) => a.id,
      ),
    ).toContain(activityId);
  });

  it("governs an activity without assignee by its client's owner", async () => {
    const manager = flowcard.dataSource.manager;
    const { id: northClient } = await newClient('manager');
    // Only the inbound hooks make clients without owner; the API always gives one.
    const { id: ownerless } = await manager.save(
      manager.create(Client, { kind: 'company', name: 'Ownerless', status: 'lead', ownerId: null }),
    );
    const [north, nobody] = await manager.save(
      [northClient, ownerless].map((id) =>
        manager.create(Activity, {
          clientId: id,
          kind: 'task',
          subject: 'Unassigned',
          assigneeId: null,
        }),
      ),
    );
    expect((await as('noah', 'GET', `/api/activities/${north.id}`)).status).toBe(200);
    expect((await as('sara', 'GET', `/api/activities/${north.id}`)).status).toBe(404);
    expect((await as('sara', 'GET', `/api/activities?clientId=${northClient}`)).body.items).toEqual(
      [],
    );
    expect((await as('noah', 'POST', `/api/activities/${north.id}/complete`, {})).status).toBe(200);
    // Nobody's: only those who read and change everything.
    expect((await as('manager', 'GET', `/api/activities/${nobody.id}`)).status).toBe(404);
    expect((await as('analyst', 'GET', `/api/activities/${nobody.id}`)).status).toBe(200);
    expect((await as('admin', 'POST', `/api/activities/${nobody.id}/cancel`)).status).toBe(200);
  });

  it('treats an unassigned activity of a deleted client as not found by anyone, in lists too', async () => {
    const manager = flowcard.dataSource.manager;
    const { id: clientId } = await newClient('manager');
    const orphan = await manager.save(
      manager.create(Activity, { clientId, kind: 'task', subject: 'Orphan', assigneeId: null }),
    );
    await manager.softDelete(Client, { id: clientId });
    const listed = async (who: DemoPerson) =>
      (await as(who, 'GET', `/api/activities?clientId=${clientId}`)).body.items.map(
        (activity: { id: string }) => activity.id,
      );
    for (const who of ['noah', 'admin'] as const) {
      expect((await as(who, 'GET', `/api/activities/${orphan.id}`)).status).toBe(404);
      expect(await listed(who)).toEqual([]);
    }
  });
});

describe('activities of a deleted client', () => {
  it('are not found, not changed and left out of every list and the calendar, for everyone', async () => {
    const window = 'from=2033-09-05&to=2033-09-12';
    const assignedInWindow = 'assignee=me&dueFrom=2033-09-05T00:00:00Z&dueTo=2033-09-12T00:00:00Z';
    const { id: clientId } = await newClient('manager');
    const deal = await as('manager', 'POST', '/api/deals', { clientId, title: 'Renewal' });
    expect(deal.status).toBe(201);
    const task = await newActivity('manager', {
      clientId,
      kind: 'task',
      dueAt: '2033-09-06T09:00:00Z',
    });
    const call = await newActivity('manager', {
      clientId,
      kind: 'call',
      dueAt: '2033-09-07T09:00:00Z',
      assigneeId: ids.noah,
    });
    const listedIds = async (who: DemoPerson, query: string) =>
      (await as(who, 'GET', `/api/activities?${query}`)).body.items.map(
        (activity: { id: string }) => activity.id,
      );
    const calendarIds = async (who: DemoPerson) =>
      (await as(who, 'GET', `/api/calendar?${window}`)).body.items.map(
        (activity: { id: string }) => activity.id,
      );
    expect(await listedIds('admin', `clientId=${clientId}&sort=dueAt`)).toEqual([task.id, call.id]);
    expect(await listedIds('manager', assignedInWindow)).toEqual([task.id]);
    expect(await listedIds('noah', assignedInWindow)).toEqual([call.id]);
    expect(await calendarIds('noah')).toEqual([call.id]);

    expect((await as('manager', 'DELETE', `/api/clients/${clientId}`)).status).toBe(204);
    const afterDelete = await lastEventId(flowcard.dataSource);

    for (const who of ['manager', 'noah', 'admin'] as const) {
      for (const activity of [task, call]) {
        expect((await as(who, 'GET', `/api/activities/${activity.id}`)).status).toBe(404);
      }
      expect(await listedIds(who, `clientId=${clientId}`)).toEqual([]);
      expect(await listedIds(who, assignedInWindow)).toEqual([]);
      expect(await calendarIds(who)).toEqual([]);
    }
    for (const who of ['noah', 'admin'] as const) {
      const writes = [
        await as(who, 'PATCH', `/api/activities/${call.id}`, { subject: 'Changed' }),
        await as(who, 'POST', `/api/activities/${call.id}/complete`, {}),
        await as(who, 'POST', `/api/activities/${call.id}/cancel`),
      ];
      expect(writes.map((response) => [response.status, response.body?.code])).toEqual(
        writes.map(() => [404, 'NOT_FOUND']),
      );
    }
    const stored = await flowcard.dataSource.manager.findOneByOrFail(Activity, { id: call.id });
    expect(stored).toMatchObject({ subject: 'Something', status: 'open', completedAt: null });
    expect((await auditOf('activity', call.id)).map((entry) => entry.action)).toEqual(['create']);
    expect(await clientEvents(flowcard.dataSource, clientId, afterDelete)).toEqual([]);
    expect((await as('manager', 'GET', `/api/deals/${deal.body.id}`)).status).toBe(404);
  });
});
