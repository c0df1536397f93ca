/** A retried batch of effects writes nothing twice: the database enforces it. */
import { ApplicationFailure } from '@temporalio/common';
import { DataSource } from 'typeorm';
import { AuditEntry } from '#server/audit/audit-entry.entity';
import { loadConfig } from '#server/common/config';
import { Activity } from '#server/crm/activities/activity.entity';
import { Client } from '#server/crm/clients/client.entity';
import { ClientStatusChange } from '#server/crm/clients/client-status-change.entity';
import { dataSourceOptions } from '#server/database/data-source';
import { seedDemoData } from '#server/seed/demo-seed';
import type { Effect } from '#workflows/engine/types';
import { InstanceEvent } from '../instances/instance-event.entity';
import { insertRunningInstance } from '#test/harness/records';
import { ProcessInstance } from '../instances/process-instance.entity';
import { UserTask } from '../tasks/user-task.entity';
import { User } from '#server/users/user.entity';
import { createEffectActivities } from './effect-activities';

let dataSource: DataSource;

beforeAll(async () => {
  dataSource = await new DataSource(dataSourceOptions(loadConfig().databaseUrl)).initialize();
  await seedDemoData(dataSource);
});

afterAll(() => dataSource?.destroy());

/** A running instance of the demo process on a new client of that name, written directly. */
async function runningInstanceOn(name: string): Promise<{ client: Client; instanceId: string }> {
  const manager = dataSource.manager;
  const client = await manager.save(
    manager.create(Client, { kind: 'person', name, status: 'lead' }),
  );
  const instanceId = await insertRunningInstance(manager, client.id);
  return { client, instanceId };
}

it('writes a retried batch exactly once', async () => {
  const manager = dataSource.manager;
  const { client, instanceId } = await runningInstanceOn('Retry Person');
  const effects: Effect[] = [
    {
      type: 'elementStarted',
      key: `${instanceId}:1`,
      elementId: 'call',
      elementKind: 'serviceTask',
      elementName: 'Call',
      tokenId: 't',
    },
    {
      type: 'createActivity',
      key: `${instanceId}:2`,
      elementId: 'call',
      activityKind: 'call',
      subject: 'Say hello',
      dueInMs: 60_000,
      assignee: 'manager@demo.local',
    },
    { type: 'setClientStatus', key: `${instanceId}:3`, elementId: 'status', status: 'potential' },
    {
      type: 'openUserTask',
      key: `${instanceId}:4`,
      waitKey: `${instanceId}:4`,
      elementId: 'review',
      name: 'Review',
      assignee: null,
      candidateRole: 'manager',
      dueInMs: null,
    },
  ];
  const { writeEffects } = createEffectActivities(dataSource);
  const first = await writeEffects(instanceId, effects);
  await writeEffects(instanceId, effects);

  const calls = await manager.findBy(Activity, { processInstanceId: instanceId });
  expect(calls).toHaveLength(1);
  expect(calls[0].dueAt?.getTime()).toBe(first.committedAt + 60_000);
  // Written at the end of the batch, with the id and times its audit entry recorded.
  expect(calls[0].createdAt.getTime()).toBe(first.committedAt);
  const audited = await manager.findBy(AuditEntry, { actorProcessInstanceId: instanceId });
  expect(audited.map(({ entityType, action }) => `${entityType} ${action}`).sort()).toEqual([
    'activity create',
    'client update',
  ]);
  expect(audited.find((entry) => entry.entityType === 'activity')?.after).toEqual(
    JSON.parse(JSON.stringify(calls[0])),
  );
  expect(await manager.countBy(ClientStatusChange, { processInstanceId: instanceId })).toBe(1);
  expect(await manager.countBy(UserTask, { instanceId })).toBe(1);
  expect(await manager.countBy(InstanceEvent, { instanceId })).toBe(4);
  expect((await manager.findOneByOrFail(Client, { id: client.id })).status).toBe('potential');
});

it('reads the client once per batch, and each effect sees what the effects before it changed', async () => {
  const manager = dataSource.manager;
  const { client, instanceId } = await runningInstanceOn('Changing Person');
  const noah = await manager.findOneByOrFail(User, { email: 'noah@demo.local' });
  const effects: Effect[] = [
    { type: 'setClientStatus', key: `${instanceId}:1`, elementId: 'qualify', status: 'potential' },
    { type: 'setClientStatus', key: `${instanceId}:2`, elementId: 'win', status: 'active' },
    { type: 'assignClientOwner', key: `${instanceId}:3`, elementId: 'hand', owner: noah.email },
    {
      type: 'createActivity',
      key: `${instanceId}:4`,
      elementId: 'call',
      activityKind: 'call',
      subject: 'Welcome',
      dueInMs: null,
      assignee: null,
    },
  ];
  const { writeEffects } = createEffectActivities(dataSource);
  await writeEffects(instanceId, effects);
  await writeEffects(instanceId, effects);

  // One transaction: both changes have the same time.
  const changes = await manager.findBy(ClientStatusChange, { clientId: client.id });
  expect(changes.map(({ fromStatus, toStatus }) => `${fromStatus} -> ${toStatus}`).sort()).toEqual([
    'lead -> potential',
    'potential -> active',
  ]);
  expect(await manager.findOneByOrFail(Client, { id: client.id })).toMatchObject({
    status: 'active',
    ownerId: noah.id,
  });
  const calls = await manager.findBy(Activity, { processInstanceId: instanceId });
  expect(calls.map((call) => call.assigneeId)).toEqual([noah.id]);
  const written = await manager.find(InstanceEvent, {
    where: { instanceId },
    order: { id: 'ASC' },
  });
  expect(written.map((event) => event.type)).toEqual([
    'client.status_changed',
    'client.status_changed',
    'client.updated',
    'activity.created',
  ]);
});

it('closes a user task once, with an event naming its element, role and who completed it', async () => {
  const manager = dataSource.manager;
  const { instanceId } = await runningInstanceOn('Task Person');
  const manager_ = await manager.findOneByOrFail(User, { email: 'manager@demo.local' });
  const waitKey = `${instanceId}:1`;
  const { writeEffects } = createEffectActivities(dataSource);
  await writeEffects(instanceId, [
    {
      type: 'openUserTask',
      key: waitKey,
      waitKey,
      elementId: 'review',
      name: 'Review',
      assignee: null,
      candidateRole: 'manager',
      dueInMs: null,
    },
  ]);
  const completion: Effect[] = [
    {
      type: 'completeUserTask',
      key: `${instanceId}:2`,
      waitKey,
      variables: { approved: true },
      completedBy: manager_.email,
    },
  ];
  await writeEffects(instanceId, completion);
  await writeEffects(instanceId, completion);

  const task = await manager.findOneByOrFail(UserTask, { waitKey });
  expect(task).toMatchObject({
    status: 'completed',
    completedById: manager_.id,
    completionVariables: { approved: true },
  });
  const closed = await manager.findBy(InstanceEvent, { instanceId, type: 'task.completed' });
  expect(closed).toHaveLength(1);
  expect(closed[0]).toMatchObject({
    elementId: 'review',
    payload: {
      taskId: task.id,
      assigneeId: null,
      candidateRole: 'manager',
      completedById: manager_.id,
    },
  });
});

it('refuses a status that is not in the lifecycle without writing anything', async () => {
  const manager = dataSource.manager;
  const { instanceId } = await runningInstanceOn('Bad Status');
  const { writeEffects } = createEffectActivities(dataSource);
  await expect(
    writeEffects(instanceId, [
      {
        type: 'createActivity',
        key: `${instanceId}:1`,
        elementId: 'call',
        activityKind: 'call',
        subject: 'x',
        dueInMs: null,
        assignee: null,
      },
      { type: 'setClientStatus', key: `${instanceId}:2`, elementId: 'status', status: 'vip' },
    ]),
  ).rejects.toMatchObject({
    type: 'UNKNOWN_STATUS',
    nonRetryable: true,
    message: expect.stringMatching(/no client status "vip"/),
  });
  expect(await manager.countBy(Activity, { processInstanceId: instanceId })).toBe(0);
});

it('fails a step on a deleted client for good, without writing anything', async () => {
  const manager = dataSource.manager;
  const { client, instanceId } = await runningInstanceOn('Deleted Person');
  await manager.softDelete(Client, { id: client.id });
  const { writeEffects } = createEffectActivities(dataSource);
  for (const [index, assignee] of ['manager@demo.local', null].entries()) {
    const failure = await writeEffects(instanceId, [
      {
        type: 'createActivity',
        key: `${instanceId}:${index}`,
        elementId: 'call',
        activityKind: 'call',
        subject: 'Too late',
        dueInMs: null,
        assignee,
      },
    ]).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure).toMatchObject({
      nonRetryable: true,
      message: `client ${client.id} does not exist`,
    });
  }
  expect(await manager.countBy(Activity, { processInstanceId: instanceId })).toBe(0);
});

it('fails a batch Postgres refuses for its data for good, without writing anything', async () => {
  const manager = dataSource.manager;
  const { instanceId } = await runningInstanceOn('Nul Person');
  const { writeEffects } = createEffectActivities(dataSource);
  const failure = await writeEffects(instanceId, [
    {
      type: 'createActivity',
      key: `${instanceId}:1`,
      elementId: 'call',
      activityKind: 'call',
      subject: 'fine',
      dueInMs: null,
      assignee: null,
    },
    { type: 'variablesChanged', key: `${instanceId}:2`, variables: { note: 'a\u0000b' }, by: null },
  ]).catch((error: unknown) => error);
  expect(failure).toBeInstanceOf(ApplicationFailure);
  expect(failure).toMatchObject({
    nonRetryable: true,
    type: 'DATABASE_REFUSED',
    // The element of the last effect with one, and the attempt, for the incident.
    details: [{ elementId: 'call', attempt: 1 }, { sqlState: '22P05' }],
  });
  expect(await manager.countBy(Activity, { processInstanceId: instanceId })).toBe(0);
  expect((await manager.findOneByOrFail(ProcessInstance, { id: instanceId })).variables).toEqual(
    {},
  );
});
