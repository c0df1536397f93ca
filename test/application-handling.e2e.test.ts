/**
 * The seed scenario end to end, on the real API, a real Temporal worker and a real Postgres:
 * deploy "Application handling", start it for a client, work its tasks through REST,
 * and watch it over socket.io until it completes.
 */
import type { Socket } from 'socket.io-client';
import type { LiveEvent } from '#server/live/live-event';
import { eventually, useFlowcard } from './harness';
import { fixtureXml, postDiagram } from './harness/bpmn';

const demoXml = fixtureXml('application-handling.bpmn');

jest.setTimeout(90_000);

const { flowcard, tokens, newClient, startInstance, deploy } = useFlowcard();
let analyst: string;
let manager: string;
let supervisor: string;

beforeAll(() => {
  ({ analyst, manager, supervisor } = tokens);
});

function collect(socket: Socket): LiveEvent[] {
  const events: LiveEvent[] = [];
  socket.on('event', (event: LiveEvent) => {
    if (!events.some((seen) => seen.id === event.id)) events.push(event);
  });
  return events;
}

async function subscribe(socket: Socket, room: string, afterId?: string) {
  const ack = await socket.emitWithAck('subscribe', { room, afterId });
  expect(ack).toEqual({ ok: true, room });
}

async function deployDemo(): Promise<string> {
  const definition = await deploy(demoXml);
  expect(definition.key).toBe('application-handling');
  expect(definition.warnings).toEqual([]);
  return definition.id;
}

async function createClient(name: string): Promise<string> {
  const client = await newClient('manager', { name });
  expect(client.status).toBe('lead');
  return client.id;
}

async function openTask(instanceId: string, name: string) {
  const tasks = await flowcard.api(
    manager,
    'GET',
    `/api/tasks?role=manager&instanceId=${instanceId}`,
  );
  expect(tasks.status).toBe(200);
  return tasks.body.items.find((task: { name: string }) => task.name === name);
}

describe('application handling', () => {
  it('qualified: potential, closed, a follow-up call after the timer, completed', async () => {
    const definitionId = await deployDemo();
    const clientId = await createClient('Qualified Ltd');

    const taskListSocket = await flowcard.socket(manager);
    const taskListEvents = collect(taskListSocket);
    await subscribe(taskListSocket, 'tasks:role:manager');

    const started = await flowcard.api(manager, 'POST', '/api/process-instances', {
      definitionId,
      clientId,
      variables: { followUpDelay: 'PT2S' },
    });
    expect(started.status).toBe(201);
    const instanceId: string = started.body.id;
    expect(started.body.status).toBe('running');

    // The supervisor joins late and asks for everything since the start.
    const instanceSocket = await flowcard.socket(supervisor);
    const instanceEvents = collect(instanceSocket);
    await subscribe(instanceSocket, `instance:${instanceId}`, '0');

    const qualify = await eventually(() => openTask(instanceId, 'Qualify application'));
    const completedQualify = await flowcard.api(
      manager,
      'POST',
      `/api/tasks/${qualify.id}/complete`,
      {
        variables: { qualified: true },
      },
    );
    expect(completedQualify.status).toBe(200);
    expect(completedQualify.body.status).toBe('completed');

    // The update returns after the next steps committed: the next task is already there.
    const close = await openTask(instanceId, 'Close application');
    expect(close).toBeDefined();
    const again = await flowcard.api(manager, 'POST', `/api/tasks/${qualify.id}/complete`, {
      variables: {},
    });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('TASK_NOT_OPEN');

    expect(
      (await flowcard.api(manager, 'POST', `/api/tasks/${close.id}/complete`, {})).status,
    ).toBe(200);

    const finished = await eventually(async () => {
      const card = await flowcard.api(supervisor, 'GET', `/api/process-instances/${instanceId}`);
      return card.body.status === 'completed' && card.body;
    });
    expect(finished.variables).toMatchObject({ qualified: true, followUpDelay: 'PT2S' });
    expect(finished.openTasks).toEqual([]);

    const card = await flowcard.api(manager, 'GET', `/api/clients/${clientId}/card`);
    expect(card.status).toBe(200);
    expect(card.body.client.status).toBe('potential');
    const changes = card.body.timeline
      .filter((entry: { type: string }) => entry.type === 'statusChange')
      .map(
        (entry: {
          change: { fromStatus: string | null; toStatus: string; processInstanceId: string | null };
        }) => entry.change,
      )
      .reverse();
    expect(changes.map((change: { toStatus: string }) => change.toStatus)).toEqual([
      'lead',
      'potential',
    ]);
    expect(changes[1]).toMatchObject({ fromStatus: 'lead', processInstanceId: instanceId });
    const calls = card.body.timeline
      .filter((entry: { type: string }) => entry.type === 'activity')
      .map((entry: { activity: unknown }) => entry.activity);
    expect(calls).toEqual([
      expect.objectContaining({
        kind: 'call',
        subject: 'Ask how things are going',
        status: 'open',
        processInstanceId: instanceId,
      }),
    ]);
    expect(card.body.processInstances.map((instance: { id: string }) => instance.id)).toContain(
      instanceId,
    );

    // Every step arrived live, in commit order, ending with the completion.
    await eventually(async () =>
      instanceEvents.some((event) => event.type === 'instance.completed'),
    );
    const ids = instanceEvents.map((event) => BigInt(event.id));
    expect(ids).toEqual([...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    const completedSteps = instanceEvents
      .filter((event) => event.type === 'element.completed')
      .map((event) => event.payload.elementName ?? event.payload.elementKind);
    expect(completedSteps).toEqual([
      expect.anything(), // the start event
      'Qualify application',
      expect.anything(), // the gateway
      expect.anything(), // set status potential
      'Close application',
      expect.anything(), // the timer
      expect.anything(), // the call
      expect.anything(), // the end event
    ]);
    expect(instanceEvents[0].type).toBe('instance.started');
    expect(instanceEvents.at(-1)?.type).toBe('instance.completed');
    expect(instanceEvents.map((event) => event.type)).toEqual(
      expect.arrayContaining([
        'task.created',
        'task.completed',
        'client.status_changed',
        'activity.created',
      ]),
    );

    const taskTypes = taskListEvents
      .filter((event) => event.instanceId === instanceId)
      .map((event) => event.type);
    expect(taskTypes).toEqual(['task.created', 'task.completed', 'task.created', 'task.completed']);
  });

  it('not qualified: the client is lost and the instance completes', async () => {
    const clientId = await createClient('Unqualified Ltd');
    const { instance, task: qualify } = await startInstance('application-handling', clientId);
    const instanceId = instance.id;
    expect(qualify.name).toBe('Qualify application');
    await flowcard.api(manager, 'POST', `/api/tasks/${qualify.id}/complete`, {
      variables: { qualified: false },
    });
    const card = await flowcard.api(supervisor, 'GET', `/api/process-instances/${instanceId}`);
    expect(card.body.status).toBe('completed');
    const client = await flowcard.api(manager, 'GET', `/api/clients/${clientId}`);
    expect(client.body.status).toBe('lost');
  });

  it('a supervisor cancels a running instance and its open task is cancelled', async () => {
    const clientId = await createClient('Cancelled Ltd');
    const { instance, task: qualify } = await startInstance('application-handling', clientId);
    const instanceId = instance.id;
    expect(qualify.name).toBe('Qualify application');
    expect(
      (await flowcard.api(manager, 'POST', `/api/process-instances/${instanceId}/cancel`, {}))
        .status,
    ).toBe(403);
    const cancelled = await flowcard.api(
      supervisor,
      'POST',
      `/api/process-instances/${instanceId}/cancel`,
      {
        reason: 'duplicate application',
      },
    );
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe('cancelled');
    expect(cancelled.body.openTasks).toEqual([]);
    const task = await flowcard.api(manager, 'GET', `/api/tasks/${qualify.id}`);
    expect(task.body.status).toBe('cancelled');
  });
});

describe('deploying bad diagrams', () => {
  it("deploys a diagram with what it ignores and answers the compiler's warnings", async () => {
    const xml = demoXml
      .replaceAll('"application-handling"', '"application-handling-warned"')
      .replace(
        '<bpmn:userTask id="Task_QualifyApplication"',
        '<bpmn:userTask bogus="1" id="Task_QualifyApplication"',
      );
    const response = await postDiagram(flowcard, analyst, xml);
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ key: 'application-handling-warned', version: 1 });
    expect(response.body.warnings).toEqual([
      {
        elementId: 'Task_QualifyApplication',
        line: expect.any(Number),
        message: 'unknown attribute "bogus" is ignored',
      },
    ]);
  });

  it('names the unsupported element', async () => {
    const xml = fixtureXml('invalid-complex-gateway.bpmn');
    const response = await postDiagram(flowcard, analyst, xml);
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('BPMN_INVALID');
    expect(response.body.details).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ message: expect.stringContaining('ComplexGateway') }),
      ]),
    );
    const ids = response.body.details.map((detail: { elementId: string }) => detail.elementId);
    expect(ids.some((id: string) => xml.includes(`<bpmn:complexGateway id="${id}"`))).toBe(true);
  });

  it('refuses malformed XML with a 400, not a 500', async () => {
    const response = await postDiagram(flowcard, analyst, '<not-xml');
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ statusCode: 400, code: 'BPMN_INVALID' });
    expect(JSON.stringify(response.body)).not.toMatch(/at .*\.(js|ts):\d+/);
  });

  it('lets only analysts and admins deploy', async () => {
    const response = await postDiagram(flowcard, manager, demoXml);
    expect(response.status).toBe(403);
    expect(response.body.code).toBe('FORBIDDEN');
  });
});

describe('the API refuses bad input', () => {
  it('validates DTOs and refuses unknown fields', async () => {
    const response = await flowcard.api(manager, 'POST', '/api/clients', {
      kind: 'robot',
      name: '',
      extra: 1,
    });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('VALIDATION_FAILED');
    expect(response.body.message).toMatch(/kind/);
    expect(response.body.message).toMatch(/extra/);
  });

  it('needs a token', async () => {
    const response = await flowcard.api(null, 'GET', '/api/clients');
    expect(response.status).toBe(401);
    expect(response.body.code).toBe('UNAUTHORIZED');
  });

  it('reports health of Postgres and Temporal', async () => {
    const response = await flowcard.api(null, 'GET', '/health');
    expect(response).toEqual({
      status: 200,
      body: { status: 'ok', postgres: 'up', temporal: 'up' },
    });
  });
});
