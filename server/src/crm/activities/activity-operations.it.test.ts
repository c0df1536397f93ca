/**
 * The activity operations on the real app and Postgres: a person (through the API) and a process
 * step (through the operation with its actor) creating the same activity leave the same row,
 * audit entry and outbox events, apart from the actor; the activity rules hold for a process
 * step too; a retried step writes nothing twice.
 */
import { randomUUID } from 'node:crypto';
import { useFlowcard, insertRunningInstance } from '#test/harness/index';
import { clientEvents } from '#test/outbox';
import { AuditEntry } from '#server/audit/audit-entry.entity';
import { Client } from '../clients/client.entity';
import { Activity } from './activity.entity';
import { cancelActivity, completeActivity, createActivity } from './activity-operations';

const { flowcard, ids, as } = useFlowcard();

/** A client of the manager with a running instance of the demo process, written directly. */
async function clientWithInstance(): Promise<{ clientId: string; instanceId: string }> {
  const manager = flowcard.dataSource.manager;
  const client = await manager.save(
    manager.create(Client, {
      kind: 'person',
      name: `Activity operations ${randomUUID().slice(0, 8)}`,
      status: 'lead',
      ownerId: ids.manager,
    }),
  );
  const instanceId = await insertRunningInstance(manager, client.id);
  return { clientId: client.id, instanceId };
}

/** The activity, its audit entry and its events, with ids and actors left out. */
async function writtenAbout(activityId: string) {
  const manager = flowcard.dataSource.manager;
  const activity = await manager.findOneByOrFail(Activity, { id: activityId });
  const [audit] = await manager.findBy(AuditEntry, {
    entityType: 'activity',
    entityId: activityId,
  });
  const events = await clientEvents(flowcard.dataSource, activity.clientId);
  const sameForAll = (record: object) => {
    const copy: Record<string, unknown> = { ...record };
    for (const key of [
      'id',
      'activityId',
      'clientId',
      'createdAt',
      'updatedAt',
      'createdById',
      'processInstanceId',
      'elementId',
      'idempotencyKey',
    ]) {
      delete copy[key];
    }
    return copy;
  };
  return {
    activity: sameForAll(activity),
    audit: { action: audit.action, after: sameForAll(audit.after ?? {}) },
    events: events.map((event) => ({ type: event.type, payload: sameForAll(event.payload) })),
    actors: {
      activity: [activity.createdById, activity.processInstanceId, activity.elementId],
      audit: [audit.actorUserId, audit.actorProcessInstanceId, audit.actorElementId],
      events: events.map((event) => [event.actorUserId, event.instanceId, event.elementId]),
    },
  };
}

describe('creating an activity', () => {
  it('writes the same row, audit entry and events for a person and a process step', async () => {
    const [forPerson, forStep] = [await clientWithInstance(), await clientWithInstance()];
    const fields = {
      kind: 'call' as const,
      subject: 'Say hello',
      dueAt: '2031-01-05T10:00:00.000Z',
      assigneeId: ids.manager,
    };
    const response = await as('manager', 'POST', '/api/activities', {
      ...fields,
      clientId: forPerson.clientId,
    });
    expect(response.status).toBe(201);
    const step = { processInstanceId: forStep.instanceId, elementId: 'Task_Call' };
    const key = `${forStep.instanceId}:2`;
    const { activity, created } = await flowcard.dataSource.transaction((manager) =>
      createActivity(manager, step, {
        ...fields,
        clientId: forStep.clientId,
        dueAt: new Date(fields.dueAt),
        idempotencyKey: key,
      }),
    );
    expect(created).toBe(true);

    const [person, process] = [
      await writtenAbout(response.body.id),
      await writtenAbout(activity.id),
    ];
    expect({ ...process, actors: null }).toEqual({ ...person, actors: null });
    expect(person.events).toEqual([
      {
        type: 'activity.created',
        payload: {
          kind: 'call',
          subject: 'Say hello',
          assigneeId: ids.manager,
          status: 'open',
        },
      },
    ]);
    expect(person.actors).toEqual({
      activity: [ids.manager, null, null],
      audit: [ids.manager, null, null],
      events: [[ids.manager, null, null]],
    });
    expect(process.actors).toEqual({
      activity: [null, forStep.instanceId, 'Task_Call'],
      audit: [null, forStep.instanceId, 'Task_Call'],
      events: [[null, forStep.instanceId, 'Task_Call']],
    });

    const retried = await flowcard.dataSource.transaction((manager) =>
      createActivity(manager, step, {
        ...fields,
        clientId: forStep.clientId,
        dueAt: new Date(fields.dueAt),
        idempotencyKey: key,
      }),
    );
    expect(retried).toMatchObject({ created: false, activity: { id: activity.id } });
    expect(await flowcard.dataSource.manager.countBy(Activity, { idempotencyKey: key })).toBe(1);
    expect(await writtenAbout(activity.id)).toEqual(process);
  });

  it('holds a process step to the activity rules, writing nothing', async () => {
    const { clientId, instanceId } = await clientWithInstance();
    const step = { processInstanceId: instanceId, elementId: 'Task_Meet' };
    await expect(
      flowcard.dataSource.transaction((manager) =>
        createActivity(manager, step, {
          clientId,
          kind: 'meeting',
          subject: 'Meet without a time',
          assigneeId: null,
          idempotencyKey: `${instanceId}:1`,
        }),
      ),
    ).rejects.toThrow(/a meeting needs dueAt/);
    await expect(
      flowcard.dataSource.transaction((manager) =>
        createActivity(manager, step, {
          clientId,
          kind: 'call',
          subject: 'Call nobody',
          assigneeId: randomUUID(),
        }),
      ),
    ).rejects.toThrow(/No user/);
    expect(await flowcard.dataSource.manager.countBy(Activity, { clientId })).toBe(0);
    expect(await clientEvents(flowcard.dataSource, clientId)).toEqual([]);
  });
});

describe('closing an activity', () => {
  it('completes once for a retried step, and refuses to cancel what is done', async () => {
    const { clientId, instanceId } = await clientWithInstance();
    const step = { processInstanceId: instanceId, elementId: 'Task_Done' };
    const { activity } = await flowcard.dataSource.transaction((manager) =>
      createActivity(manager, step, { clientId, kind: 'task', subject: 'Do', assigneeId: null }),
    );
    const completion = { activityId: activity.id, idempotencyKey: `${instanceId}:9` };
    for (let attempt = 0; attempt < 2; attempt++) {
      const done = await flowcard.dataSource.transaction((manager) =>
        completeActivity(manager, step, completion),
      );
      expect(done.status).toBe('done');
    }
    await expect(
      flowcard.dataSource.transaction((manager) =>
        cancelActivity(manager, { userId: ids.manager }, { activityId: activity.id }),
      ),
    ).rejects.toThrow(/is already done/);
    expect((await clientEvents(flowcard.dataSource, clientId)).map((event) => event.type)).toEqual([
      'activity.created',
      'activity.completed',
    ]);
  });
});
