/**
 * Who may start process instances and who sees those without a client: the access policy's
 * rules for processes, through the REST API and the live rooms.
 */
import { DemoPerson, eventually, useFlowcard } from '#test/harness/index';

const { flowcard, as, tokens, ids, newClient, pagesOf } = useFlowcard();

const countInstancesOf = async (clientId: string) =>
  Number(
    (
      await flowcard.dataSource.query(
        `SELECT count(*)::int AS n FROM process_instances WHERE client_id = $1`,
        [clientId],
      )
    )[0].n,
  );

const lastEventId = async (): Promise<string> =>
  (
    await flowcard.dataSource.query(`SELECT coalesce(max(id), 0)::text AS id FROM instance_events`)
  )[0].id;

describe('starting an instance on a client', () => {
  // The client is team North's (owned by manager@demo.local): starting needs the right to change it.
  it.each([
    ['admin', 201],
    ['manager', 201],
    ['noah', 201],
    ['supervisor', 201],
    // Analysts read every client but change none, so they start no process on one.
    ['analyst', 403],
    // Team South does not even see the client.
    ['sara', 404],
  ] as const)('%s gets %i, and a refusal starts nothing', async (who, status) => {
    const client = await newClient('manager');
    const response = await as(who, 'POST', '/api/process-instances', {
      definitionKey: 'application-handling',
      clientId: client.id,
    });
    expect(response.status).toBe(status);
    expect(await countInstancesOf(client.id)).toBe(status === 201 ? 1 : 0);
    if (status !== 201) {
      expect(response.body.code).toBe(status === 403 ? 'FORBIDDEN' : 'NOT_FOUND');
      const card = await as('manager', 'GET', `/api/clients/${client.id}/card`);
      expect(card.status).toBe(200);
      expect(card.body.client.status).toBe(client.status);
    }
  });
});

describe('an instance without a client', () => {
  /** Started by noah (team North); supervisor@demo.local oversees North. */
  const VISIBILITY: readonly (readonly [DemoPerson, boolean])[] = [
    ['noah', true],
    ['supervisor', true],
    ['admin', true],
    // A team mate, an analyst (who reads every record) and another team do not see it.
    ['manager', false],
    ['analyst', false],
    ['sara', false],
  ];
  let instanceId = '';
  let taskId = '';
  const heardByRole: Partial<Record<DemoPerson, string[]>> = {};
  let eventsBefore = '0';

  beforeAll(async () => {
    eventsBefore = await lastEventId();
    // The first task is for the role "manager": noah and manager@demo.local both hold it.
    for (const who of ['noah', 'manager'] as const) {
      const socket = await flowcard.socket(tokens[who]);
      heardByRole[who] = [];
      socket.on('event', (event: { instanceId: string | null }) => {
        if (event.instanceId) heardByRole[who]?.push(event.instanceId);
      });
      expect((await socket.emitWithAck('subscribe', { room: 'tasks:role:manager' })).ok).toBe(true);
    }
    const started = await as('noah', 'POST', '/api/process-instances', {
      definitionKey: 'application-handling',
    });
    expect(started.status).toBe(201);
    instanceId = started.body.id;
    expect(started.body.startedById).toBe(ids.noah);
    taskId = await eventually(async () => {
      const tasks = await as('noah', 'GET', `/api/tasks?instanceId=${instanceId}`);
      return tasks.body.items[0]?.id as string | undefined;
    });
  });

  it.each(VISIBILITY)('is in the instance list of %s: %s', async (who, visible) => {
    const pages = await pagesOf(who, '/api/process-instances?status=running&limit=200');
    const listed = pages.flatMap((page) => page.items.map((item: { id: string }) => item.id));
    expect(listed.includes(instanceId)).toBe(visible);
  });

  it.each(VISIBILITY)('shows its card and its task to %s: %s', async (who, visible) => {
    const card = await as(who, 'GET', `/api/process-instances/${instanceId}`);
    expect(card.status).toBe(visible ? 200 : 404);
    const task = await as(who, 'GET', `/api/tasks/${taskId}`);
    expect(task.status).toBe(visible ? 200 : 404);
    const tasks = await as(who, 'GET', `/api/tasks?instanceId=${instanceId}`);
    expect(tasks.body.items.map((item: { id: string }) => item.id)).toEqual(
      visible ? [taskId] : [],
    );
  });

  it.each(VISIBILITY)('lets %s watch its live room: %s', async (who, visible) => {
    const socket = await flowcard.socket(tokens[who]);
    const ack = await socket.emitWithAck('subscribe', { room: `instance:${instanceId}` });
    expect(ack.ok).toBe(visible);
    if (!visible) expect(ack.code).toBe('FORBIDDEN');
  });

  it("reaches the role's task list only of those who may see it, live and replayed", async () => {
    await eventually(async () => heardByRole.noah?.includes(instanceId));
    expect(heardByRole.manager).not.toContain(instanceId);
    for (const [who, visible] of [
      ['noah', true],
      ['manager', false],
    ] as const) {
      const socket = await flowcard.socket(tokens[who]);
      const replayed: string[] = [];
      socket.on('event', (event: { instanceId: string }) => replayed.push(event.instanceId));
      const ack = await socket.emitWithAck('subscribe', {
        room: 'tasks:role:manager',
        afterId: eventsBefore,
      });
      expect(ack.ok).toBe(true);
      if (visible) await eventually(async () => replayed.includes(instanceId));
      else expect(replayed).not.toContain(instanceId);
    }
  });

  it('cannot be worked by those who may not see it, and nothing changes', async () => {
    for (const who of ['manager', 'sara'] as const) {
      const completed = await as(who, 'POST', `/api/tasks/${taskId}/complete`, {
        variables: { qualified: true },
      });
      expect(completed.status).toBe(404);
      expect((await as(who, 'POST', `/api/tasks/${taskId}/claim`)).status).toBe(404);
    }
    const task = await as('noah', 'GET', `/api/tasks/${taskId}`);
    expect([task.body.status, task.body.assigneeId]).toEqual(['open', null]);
    const card = await as('noah', 'GET', `/api/process-instances/${instanceId}`);
    expect(card.body.status).toBe('running');
    expect(card.body.variables).toEqual({});
  });

  it('may be started by an analyst, who then sees it', async () => {
    const started = await as('analyst', 'POST', '/api/process-instances', {
      definitionKey: 'application-handling',
    });
    expect(started.status).toBe(201);
    expect((await as('analyst', 'GET', `/api/process-instances/${started.body.id}`)).status).toBe(
      200,
    );
    expect((await as('manager', 'GET', `/api/process-instances/${started.body.id}`)).status).toBe(
      404,
    );
  });
});
