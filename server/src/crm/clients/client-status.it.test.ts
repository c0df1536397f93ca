/**
 * The status lifecycle on the real app, Postgres and Temporal: moves the lifecycle allows and
 * refuses, the lifecycle as admin-editable data, and a status change by a person and by a process
 * step, each on the client card's timeline and in the audit log with the right actor.
 */
import { eventually, useFlowcard } from '#test/harness/index';
import { clientEvents } from '#test/outbox';
import { AuditEntry } from '#server/audit/audit-entry.entity';
import { Client } from './client.entity';
import { ClientStatusChange } from './client-status-change.entity';

const { flowcard, ids, as, newClient, startInstance, auditOf } = useFlowcard();

describe('the lifecycle', () => {
  it('lists the statuses with the moves allowed from each', async () => {
    const response = await as('analyst', 'GET', '/api/client-statuses');
    expect(response.status).toBe(200);
    // The default lifecycle comes first; admins may add statuses after it (see below).
    const keys = response.body.statuses.map((status: { key: string }) => status.key);
    expect(keys.slice(0, 5)).toEqual(['lead', 'potential', 'active', 'inactive', 'lost']);
    expect(response.body.statuses[0]).toMatchObject({
      key: 'lead',
      name: 'Lead',
      allowedTargets: expect.arrayContaining(['potential', 'lost']),
    });
    expect(response.body.transitions).toEqual(
      expect.arrayContaining([{ fromStatus: 'active', toStatus: 'inactive' }]),
    );
  });

  it('refuses a move the lifecycle does not list and changes nothing', async () => {
    const { id: clientId } = await newClient('manager');
    const auditBefore = await auditOf('client', clientId);
    const refused = await as('manager', 'POST', `/api/clients/${clientId}/status`, {
      status: 'active',
    });
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('STATUS_TRANSITION_NOT_ALLOWED');
    expect(refused.body.message).toMatch(/"lead".*"active".*lost, potential/);
    expect(refused.body.details).toEqual([
      { fromStatus: 'lead', toStatus: 'active', allowedTargets: ['lost', 'potential'] },
    ]);
    const unknown = await as('manager', 'POST', `/api/clients/${clientId}/status`, {
      status: 'golden',
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.code).toBe('UNKNOWN_STATUS');
    const unknownField = await as('manager', 'POST', `/api/clients/${clientId}/status`, {
      status: 'potential',
      reason: 'x',
    });
    expect(unknownField.status).toBe(400);

    const client = await flowcard.dataSource.manager.findOneByOrFail(Client, { id: clientId });
    expect(client.status).toBe('lead');
    expect(await flowcard.dataSource.manager.countBy(ClientStatusChange, { clientId })).toBe(1);
    expect(await auditOf('client', clientId)).toEqual(auditBefore);
    expect((await clientEvents(flowcard.dataSource, clientId)).map((event) => event.type)).toEqual([
      'client.created',
    ]);
  });

  it('lets admins add and remove moves, audited; others may not', async () => {
    const { id: clientId } = await newClient('manager');
    await as('manager', 'POST', `/api/clients/${clientId}/status`, { status: 'lost' });
    const back = () => as('manager', 'POST', `/api/clients/${clientId}/status`, { status: 'lead' });
    expect((await back()).status).toBe(422);

    const transition = { fromStatus: 'lost', toStatus: 'lead' };
    const byManager = await as('manager', 'POST', '/api/client-statuses/transitions', transition);
    expect(byManager.status).toBe(403);
    const added = await as('admin', 'POST', '/api/client-statuses/transitions', transition);
    expect(added.status).toBe(201);
    try {
      expect(
        (await as('admin', 'POST', '/api/client-statuses/transitions', transition)).status,
      ).toBe(409);
      const lifecycle = await as('manager', 'GET', '/api/client-statuses');
      expect(lifecycle.body.transitions).toContainEqual(transition);
      expect((await back()).status).toBe(200);
    } finally {
      const byAnalyst = await as('analyst', 'DELETE', '/api/client-statuses/transitions/lost/lead');
      expect(byAnalyst.status).toBe(403);
      const removed = await as('admin', 'DELETE', '/api/client-statuses/transitions/lost/lead');
      expect(removed.status).toBe(204);
    }
    expect((await as('admin', 'DELETE', '/api/client-statuses/transitions/lost/lead')).status).toBe(
      404,
    );
    const entries = await flowcard.dataSource.manager.find(AuditEntry, {
      where: {
        entityType: 'client_status_transition',
        entityId: 'lost->lead',
        actorUserId: ids.admin,
      },
      order: { id: 'DESC' },
      take: 2,
    });
    expect(entries.map((entry) => entry.action)).toEqual(['delete', 'create']);

    const invalid = await as('admin', 'POST', '/api/client-statuses/transitions', {
      fromStatus: 'lost',
      toStatus: 'golden',
    });
    expect(invalid.status).toBe(400);
    expect(invalid.body.code).toBe('UNKNOWN_STATUS');
  });
});

describe('a new status', () => {
  it('is added last by an admin, audited, and a client may move to it once a move allows it', async () => {
    const key = `paused-${Date.now().toString(36)}`;
    const status = { key, name: 'Paused' };
    expect((await as('manager', 'POST', '/api/client-statuses', status)).status).toBe(403);
    const created = await as('admin', 'POST', '/api/client-statuses', status);
    expect(created.status).toBe(201);
    const lifecycle = await as('manager', 'GET', '/api/client-statuses');
    const last = lifecycle.body.statuses[lifecycle.body.statuses.length - 1];
    expect(created.body).toEqual({ ...last, allowedTargets: [] });
    expect(last).toMatchObject({ key, name: 'Paused' });
    expect(await auditOf('client_status', key)).toEqual([
      expect.objectContaining({ action: 'create', actorUserId: ids.admin }),
    ]);

    const again = await as('admin', 'POST', '/api/client-statuses', { key, name: 'Other' });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('STATUS_EXISTS');

    const { id: clientId } = await newClient('manager');
    expect(
      (await as('manager', 'POST', `/api/clients/${clientId}/status`, { status: key })).status,
    ).toBe(422);
    const move = { fromStatus: 'lead', toStatus: key };
    expect((await as('admin', 'POST', '/api/client-statuses/transitions', move)).status).toBe(201);
    try {
      const moved = await as('manager', 'POST', `/api/clients/${clientId}/status`, { status: key });
      expect(moved.status).toBe(200);
      expect(moved.body.status).toBe(key);
    } finally {
      await as('admin', 'DELETE', `/api/client-statuses/transitions/lead/${key}`);
    }
  });

  it.each([
    ['a key with capitals', { key: 'Paused', name: 'Paused' }],
    ['a key with spaces', { key: 'on hold', name: 'On hold' }],
    ['no name', { key: 'nameless' }],
    ['an empty name', { key: 'empty-name', name: '' }],
    ['an unknown field', { key: 'extra', name: 'Extra', position: 1 }],
  ])('is refused with %s, and nothing is added', async (_, body) => {
    const before = await as('admin', 'GET', '/api/client-statuses');
    const refused = await as('admin', 'POST', '/api/client-statuses', body);
    expect(refused.status).toBe(400);
    expect(refused.body.code).toBeDefined();
    expect((await as('admin', 'GET', '/api/client-statuses')).body).toEqual(before.body);
  });
});

describe('who changed the status', () => {
  it('a person: on the timeline and in the audit log with the user as actor', async () => {
    const { id: clientId } = await newClient('manager');
    const changed = await as('manager', 'POST', `/api/clients/${clientId}/status`, {
      status: 'potential',
      comment: 'Asked for an offer',
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ id: clientId, status: 'potential' });
    expect((await clientEvents(flowcard.dataSource, clientId)).at(-1)).toEqual({
      type: 'client.status_changed',
      payload: { clientId, from: 'lead', to: 'potential' },
      clientId,
      instanceId: null,
      elementId: null,
      actorUserId: ids.manager,
      actorIntegration: null,
    });

    const card = await as('supervisor', 'GET', `/api/clients/${clientId}/card`);
    expect(card.body.client.status).toBe('potential');
    const [latest] = card.body.timeline;
    expect(latest).toMatchObject({
      type: 'statusChange',
      actor: { type: 'user', id: ids.manager, name: 'Mia Manager' },
      change: {
        fromStatus: 'lead',
        toStatus: 'potential',
        comment: 'Asked for an offer',
        changedById: ids.manager,
        processInstanceId: null,
      },
    });

    for (const who of ['admin', 'supervisor'] as const) {
      const audit = await as(who, 'GET', `/api/audit?entityType=client&entityId=${clientId}`);
      expect(audit.status).toBe(200);
      expect(audit.body.items[0]).toMatchObject({
        action: 'update',
        actor: { type: 'user', id: ids.manager, name: 'Mia Manager' },
        before: { status: 'lead' },
        after: { status: 'potential', comment: 'Asked for an offer' },
      });
    }
  });

  it('a process step: on the timeline and in the audit log with the process as actor', async () => {
    const { id: clientId } = await newClient('manager');
    const { instance } = await startInstance('application-handling', clientId);
    const instanceId = instance.id;

    // The card lists the process task waiting on this client.
    const qualify = await eventually(async () => {
      const card = await as('manager', 'GET', `/api/clients/${clientId}/card`);
      return card.body.openTasks.find(
        (open: { type: string; task?: { name: string } }) =>
          open.type === 'processTask' && open.task?.name === 'Qualify application',
      )?.task;
    });
    const completed = await as('manager', 'POST', `/api/tasks/${qualify.id}/complete`, {
      variables: { qualified: true },
    });
    expect(completed.status).toBe(200);

    const processActor = {
      type: 'process',
      instanceId,
      definitionKey: 'application-handling',
      elementId: 'Task_MarkPotential',
      elementName: 'Mark client as potential',
    };
    const card = await as('manager', 'GET', `/api/clients/${clientId}/card`);
    expect(card.body.client.status).toBe('potential');
    const statusChanges = card.body.timeline.filter(
      (entry: { type: string }) => entry.type === 'statusChange',
    );
    expect(statusChanges).toEqual([
      expect.objectContaining({
        actor: processActor,
        change: expect.objectContaining({
          fromStatus: 'lead',
          toStatus: 'potential',
          processInstanceId: instanceId,
          changedById: null,
        }),
      }),
      expect.objectContaining({
        actor: { type: 'user', id: ids.manager, name: 'Mia Manager' },
        change: expect.objectContaining({ fromStatus: null, toStatus: 'lead' }),
      }),
    ]);
    const steps = card.body.timeline.filter(
      (entry: { type: string }) => entry.type === 'processStep',
    );
    expect(
      steps.map((entry: { actor: { elementName: string } }) => entry.actor.elementName),
    ).toEqual(expect.arrayContaining(['Qualify application', 'Mark client as potential']));
    expect(
      steps.every((entry: { actor: { type: string } }) => entry.actor.type === 'process'),
    ).toBe(true);
    expect(card.body.processInstances.map((instance: { id: string }) => instance.id)).toEqual([
      instanceId,
    ]);
    // The worker's event belongs to the instance's client, so `client:<id>` hears of it.
    const statusEvents = (await clientEvents(flowcard.dataSource, clientId)).filter(
      (event) => event.type === 'client.status_changed',
    );
    expect(statusEvents).toEqual([
      expect.objectContaining({
        payload: { clientId, from: 'lead', to: 'potential' },
        instanceId,
        elementId: 'Task_MarkPotential',
        actorUserId: null,
      }),
    ]);

    for (const who of ['admin', 'supervisor'] as const) {
      const audit = await as(who, 'GET', `/api/audit?entityType=client&entityId=${clientId}`);
      expect(audit.body.items[0]).toMatchObject({
        action: 'update',
        actor: processActor,
        before: { status: 'lead' },
        after: { status: 'potential' },
      });
    }
  });
});
