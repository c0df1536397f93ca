/**
 * The client operations on the real app and Postgres: a person (through the API) and a process
 * step (through the operation with its actor) changing a client's status leave the same rows,
 * audit entries and outbox events, apart from the actor; the event reaches `client:<id>` live
 * and on replay; the demo seed created its clients through the same operation.
 */
import { randomUUID } from 'node:crypto';
import type { Socket } from 'socket.io-client';
import { eventually, useFlowcard, insertRunningInstance } from '#test/harness/index';
import { clientEvents, lastEventId } from '#test/outbox';
import { AuditEntry } from '#server/audit/audit-entry.entity';
import type { LiveEvent } from '#server/live/live-event';
import { Client } from './client.entity';
import { changeClientStatus } from './client-operations';
import { ClientStatusChange } from './client-status-change.entity';

const { flowcard, tokens, ids, as, newClient: clientOf, startInstance } = useFlowcard();

async function newClient(): Promise<string> {
  const client = await clientOf('manager', {
    kind: 'person',
    name: `Operations ${randomUUID().slice(0, 8)}`,
  });
  return client.id;
}

/** A running instance of the demo process on the client, written directly. */
const instanceOn = (clientId: string) =>
  insertRunningInstance(flowcard.dataSource.manager, clientId);

/** Everything the status change wrote about the client, each with who did it apart. */
async function writtenFor(clientId: string, afterEventId: string) {
  const manager = flowcard.dataSource.manager;
  const { status } = await manager.findOneByOrFail(Client, { id: clientId });
  const [change] = await manager.find(ClientStatusChange, {
    where: { clientId },
    order: { changedAt: 'DESC' },
    take: 1,
  });
  const [audit] = await manager.find(AuditEntry, {
    where: { entityType: 'client', entityId: clientId },
    order: { id: 'DESC' },
    take: 1,
  });
  const events = await clientEvents(flowcard.dataSource, clientId, afterEventId);
  return {
    status,
    change: {
      fromStatus: change.fromStatus,
      toStatus: change.toStatus,
      comment: change.comment,
      by: [change.changedById, change.processInstanceId, change.elementId],
    },
    audit: {
      action: audit.action,
      before: audit.before,
      after: audit.after,
      by: [audit.actorUserId, audit.actorProcessInstanceId, audit.actorElementId],
    },
    events: events.map(({ type, payload, clientId: eventClientId, ...by }) => ({
      type,
      payload: { ...payload, clientId: payload.clientId === clientId ? 'the client' : 'another' },
      client: eventClientId === clientId ? 'the client' : 'another',
      by,
    })),
  };
}

/** What was written, with who wrote it left out. */
const withoutActor = (written: Awaited<ReturnType<typeof writtenFor>>) => ({
  ...written,
  change: { ...written.change, by: null },
  audit: { ...written.audit, by: null },
  events: written.events.map((event) => ({ ...event, by: null })),
});

describe('changing a client status', () => {
  it('writes the same rows, audit entry and event for a person and a process step', async () => {
    const [byPerson, byStep] = [await newClient(), await newClient()];
    const instanceId = await instanceOn(byStep);
    const mark = await lastEventId(flowcard.dataSource);

    const response = await as('manager', 'POST', `/api/clients/${byPerson}/status`, {
      status: 'potential',
    });
    expect(response.status).toBe(200);
    const step = { processInstanceId: instanceId, elementId: 'Task_MarkPotential' };
    const change = { clientId: byStep, status: 'potential', idempotencyKey: `${instanceId}:5` };
    const first = await flowcard.dataSource.transaction((manager) =>
      changeClientStatus(manager, step, change),
    );
    expect(first.changed).toBe(true);

    const [person, process] = [await writtenFor(byPerson, mark), await writtenFor(byStep, mark)];
    expect(withoutActor(process)).toEqual(withoutActor(person));
    expect(person).toMatchObject({
      status: 'potential',
      change: { fromStatus: 'lead', toStatus: 'potential', by: [ids.manager, null, null] },
      audit: { action: 'update', before: { status: 'lead' }, after: { status: 'potential' } },
      events: [
        {
          type: 'client.status_changed',
          payload: { clientId: 'the client', from: 'lead', to: 'potential' },
          client: 'the client',
          by: {
            actorUserId: ids.manager,
            actorIntegration: null,
            instanceId: null,
            elementId: null,
          },
        },
      ],
    });
    expect(person.audit.by).toEqual([ids.manager, null, null]);
    expect(process.change.by).toEqual([null, instanceId, 'Task_MarkPotential']);
    expect(process.audit.by).toEqual([null, instanceId, 'Task_MarkPotential']);
    expect(process.events.map((event) => event.by)).toEqual([
      { actorUserId: null, actorIntegration: null, instanceId, elementId: 'Task_MarkPotential' },
    ]);

    // A retried step finds its change written and writes nothing twice.
    const retried = await flowcard.dataSource.transaction((manager) =>
      changeClientStatus(manager, step, change),
    );
    expect(retried.changed).toBe(false);
    expect(await writtenFor(byStep, mark)).toEqual(process);
  });

  it('writes the same for a person and a real process step run by the Temporal worker', async () => {
    const [byPerson, byStep] = [await newClient(), await newClient()];
    const mark = await lastEventId(flowcard.dataSource);
    expect(
      (await as('manager', 'POST', `/api/clients/${byPerson}/status`, { status: 'potential' }))
        .status,
    ).toBe(200);
    // The demo process moves its client to "potential" once the application is qualified.
    const { instance, task } = await startInstance('application-handling', { id: byStep });
    const completed = await as('manager', 'POST', `/api/tasks/${task.id}/complete`, {
      variables: { qualified: true },
    });
    expect(completed.status).toBe(200);
    await eventually(async () => (await writtenFor(byStep, mark)).status === 'potential');

    const statusEvents = (written: Awaited<ReturnType<typeof writtenFor>>) => ({
      ...written,
      events: written.events.filter((event) => event.type === 'client.status_changed'),
    });
    const [person, process] = [
      statusEvents(await writtenFor(byPerson, mark)),
      statusEvents(await writtenFor(byStep, mark)),
    ];
    expect(withoutActor(process)).toEqual(withoutActor(person));
    expect(process.events).toHaveLength(1);
    expect(process.change.by).toEqual([null, instance.id, 'Task_MarkPotential']);
    expect(process.audit.by).toEqual([null, instance.id, 'Task_MarkPotential']);
    expect(process.events[0].by).toMatchObject({ actorUserId: null, instanceId: instance.id });
    expect(person.change.by).toEqual([ids.manager, null, null]);
  });

  it('refuses an unknown status and a move the lifecycle lacks for a process step too', async () => {
    const clientId = await newClient();
    const step = { processInstanceId: await instanceOn(clientId), elementId: 'Task_X' };
    const change = (status: string) =>
      flowcard.dataSource.transaction((manager) =>
        changeClientStatus(manager, step, { clientId, status }),
      );
    await expect(change('golden')).rejects.toThrow(/no client status "golden"/);
    await expect(change('active')).rejects.toThrow(/cannot move from "lead" to "active"/);
    // A process step may set the status the client has; a person is told it is no move.
    const same = await flowcard.dataSource.transaction((manager) =>
      changeClientStatus(manager, step, { clientId, status: 'lead', sameStatus: 'ignore' }),
    );
    expect(same.changed).toBe(false);
    const byPerson = await as('manager', 'POST', `/api/clients/${clientId}/status`, {
      status: 'lead',
    });
    expect(byPerson.status).toBe(422);
    expect((await clientEvents(flowcard.dataSource, clientId)).map((event) => event.type)).toEqual([
      'client.created',
    ]);
  });
});

describe('the event of a CRM change', () => {
  const collect = (socket: Socket) => {
    const received: LiveEvent[] = [];
    socket.on('event', (event: LiveEvent) => received.push(event));
    return received;
  };

  it('reaches client:<id> live and on replay, for whoever may read the client', async () => {
    const clientId = await newClient();
    const room = `client:${clientId}`;
    const live = await flowcard.socket(tokens.supervisor);
    const liveEvents = collect(live);
    expect(await live.emitWithAck('subscribe', { room })).toEqual({ ok: true, room });
    const outsider = await flowcard.socket(tokens.sara);
    expect(await outsider.emitWithAck('subscribe', { room })).toMatchObject({
      ok: false,
      code: 'FORBIDDEN',
    });
    const mark = await lastEventId(flowcard.dataSource);

    const response = await as('noah', 'POST', `/api/clients/${clientId}/status`, {
      status: 'potential',
    });
    expect(response.status).toBe(200);
    const expected = {
      type: 'client.status_changed',
      instanceId: null,
      clientId,
      clientOwnerId: ids.manager,
      elementId: null,
      payload: { clientId, from: 'lead', to: 'potential' },
    };
    await eventually(async () => liveEvents.length > 0);
    expect(liveEvents).toEqual([expect.objectContaining(expected)]);

    const replay = await flowcard.socket(tokens.manager);
    const replayed = collect(replay);
    expect(await replay.emitWithAck('subscribe', { room, afterId: mark })).toEqual({
      ok: true,
      room,
    });
    await eventually(async () => replayed.length > 0);
    expect(replayed).toEqual([expect.objectContaining({ ...expected, id: liveEvents[0].id })]);
  });
});

describe('the demo seed', () => {
  it('created its clients through the operation: status history, audit entry and event', async () => {
    const manager = flowcard.dataSource.manager;
    // Other tests may work on the demo clients later: only their beginnings are compared.
    const [client] = await manager.find(Client, {
      where: { name: 'Northwind Traders' },
      order: { createdAt: 'ASC' },
      take: 1,
    });
    const [firstChange] = await manager.find(ClientStatusChange, {
      where: { clientId: client.id },
      order: { changedAt: 'ASC' },
      take: 1,
    });
    expect(firstChange).toMatchObject({
      fromStatus: null,
      toStatus: 'lead',
      changedById: ids.manager,
    });
    const [created] = await manager.find(AuditEntry, {
      where: { entityType: 'client', entityId: client.id },
      order: { id: 'ASC' },
      take: 1,
    });
    expect(created).toMatchObject({ action: 'create', actorUserId: ids.manager });
    const [firstEvent] = await clientEvents(flowcard.dataSource, client.id);
    expect(firstEvent).toMatchObject({
      type: 'client.created',
      actorUserId: ids.manager,
      payload: { clientId: client.id, name: 'Northwind Traders', status: 'lead' },
    });
  });
});
