/**
 * Processes started without `POST /api/process-instances`: by a message with the name of their
 * message start event, and by CRM events their `flowcard:trigger` names, on the real API,
 * Postgres and Temporal. The web-form lead example is in server/src/integrations/hooks.it.test.ts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { consumeTriggerBatch } from '#server/processes/triggers/trigger-consumer';
import { eventually, useFlowcard } from './harness';

const fixture = (name: string) =>
  readFileSync(join(__dirname, '../workflows/bpmn/fixtures', name), 'utf8');

const { flowcard, ids, as, tokens } = useFlowcard();

async function deploy(xml: string): Promise<string> {
  const response = await flowcard.api(
    tokens.analyst,
    'POST',
    '/api/process-definitions',
    xml,
    'application/xml',
  );
  expect([200, 201]).toContain(response.status);
  return response.body.id;
}

/** Instances of a process key for a client, as a supervisor sees them. */
async function instancesOf(key: string, clientId: string) {
  const response = await as(
    'supervisor',
    'GET',
    `/api/process-instances?definitionKey=${key}&clientId=${clientId}`,
  );
  expect(response.status).toBe(200);
  return response.body.items as { id: string; status: string; variables: object }[];
}

describe('message start event', () => {
  it('starts the latest version when no instance waits, and answers which instance', async () => {
    const definitionId = await deploy(fixture('element-message-start.bpmn'));
    const response = await as('manager', 'POST', '/api/messages', {
      name: 'order-received-by-message',
      correlationKey: 'order-1',
      variables: { orderNumber: 'A-17' },
    });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      elementId: 'Start_Order',
      status: 'running',
      started: true,
      outcome: 'started',
      expiresAt: null,
    });
    const instanceId = response.body.instanceId;
    const task = await eventually(async () => {
      const tasks = await as('manager', 'GET', `/api/tasks?role=manager&instanceId=${instanceId}`);
      return tasks.body.items.find((item: { name: string }) => item.name === 'Check order');
    });
    expect(task.elementId).toBe('Task_CheckOrder');
    const card = await as('supervisor', 'GET', `/api/process-instances/${instanceId}`);
    expect(card.body.definition.id).toBe(definitionId);
    expect(card.body.variables).toEqual({ orderNumber: 'A-17' });
    expect(card.body.events[0]).toMatchObject({
      type: 'instance.started',
      payload: { by: ids.manager },
    });
  });

  it('refuses a message that neither reaches a waiting instance nor starts a process', async () => {
    const response = await as('manager', 'POST', '/api/messages', {
      name: 'nobody-starts-with-this',
      correlationKey: 'x',
    });
    expect(response.status).toBe(404);
    expect(response.body.code).toBe('MESSAGE_NOT_CORRELATED');
  });

  it('refuses a name several processes start with, naming their keys', async () => {
    const renamed = fixture('element-message-start.bpmn').replaceAll(
      'element-message-start',
      'element-message-start-twin',
    );
    await deploy(fixture('element-message-start.bpmn'));
    await deploy(renamed);
    const response = await as('manager', 'POST', '/api/messages', {
      name: 'order-received-by-message',
      correlationKey: 'order-2',
    });
    expect(response.status).toBe(409);
    expect(response.body.code).toBe('MESSAGE_START_AMBIGUOUS');
    expect(response.body.details).toEqual(['element-message-start', 'element-message-start-twin']);
    // The twin's next version starts with another message: the name is unambiguous again.
    await deploy(renamed.replace('order-received-by-message', 'order-received-by-twin'));
    const again = await as('manager', 'POST', '/api/messages', {
      name: 'order-received-by-message',
      correlationKey: 'order-2',
    });
    expect(again.status).toBe(200);
  });
});

describe('CRM triggers', () => {
  it('start the process for a client whose event passes the filter, once', async () => {
    await deploy(fixture('triggered-application-handling.bpmn'));
    const passing = await as('manager', 'POST', '/api/clients', {
      kind: 'company',
      name: 'Triggered lead by the API',
    });
    const filtered = await as('manager', 'POST', '/api/clients', {
      kind: 'company',
      name: 'Not a triggered lead',
    });
    expect([passing.status, filtered.status]).toEqual([201, 201]);
    const [instance] = await eventually(async () => {
      const found = await instancesOf('triggered-application-handling', passing.body.id);
      return found.length > 0 && found;
    });
    const task = await eventually(async () => {
      const tasks = await as('manager', 'GET', `/api/tasks?assignee=me&instanceId=${instance.id}`);
      return tasks.body.items[0];
    });
    expect(task).toMatchObject({ name: 'Qualify', assigneeId: ids.manager });
    expect(instance.variables).toMatchObject({
      clientId: passing.body.id,
      trigger: {
        type: 'client.created',
        payload: { clientId: passing.body.id, ownerId: ids.manager },
      },
    });
    // The cursor moved past the event: consuming again starts nothing more.
    await flowcard.dataSource.transaction((manager) =>
      consumeTriggerBatch(manager, () => undefined),
    );
    expect(await instancesOf('triggered-application-handling', passing.body.id)).toHaveLength(1);
    expect(await instancesOf('triggered-application-handling', filtered.body.id)).toEqual([]);
  });

  it('start each binding once when several consumers read the outbox at the same time', async () => {
    await deploy(fixture('triggered-application-handling.bpmn'));
    // Hold the cursor so the app's own consumer leaves the event, then race two consumers.
    const created = await flowcard.dataSource.transaction(async (manager) => {
      await manager.query(
        `SELECT 1 FROM event_consumers WHERE name = 'process-triggers' FOR UPDATE`,
      );
      return as('manager', 'POST', '/api/clients', {
        kind: 'company',
        name: 'Triggered lead raced for',
      });
    });
    expect(created.status).toBe(201);
    await Promise.all(
      [1, 2].map(() =>
        flowcard.dataSource.transaction((manager) => consumeTriggerBatch(manager, () => undefined)),
      ),
    );
    await eventually(async () => {
      const found = await instancesOf('triggered-application-handling', created.body.id);
      return found.length > 0 && found;
    });
    expect(await instancesOf('triggered-application-handling', created.body.id)).toHaveLength(1);
  });
});
