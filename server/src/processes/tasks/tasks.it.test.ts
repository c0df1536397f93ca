/**
 * Task lists and the access matrix of process work: who sees, claims, assigns and completes
 * user tasks, who sees and cancels instances, and who may watch them live.
 */
import { eventually, useFlowcard } from '#test/harness/index';

const { flowcard, tokens, ids, as, newClient, startInstance } = useFlowcard();

/** A client of team North (owned by manager@demo.local) with a running demo instance. */
async function northInstance() {
  const client = await newClient('manager', { name: `North ${Date.now()}` });
  const { instance, task } = await startInstance('application-handling', client);
  return { clientId: client.id, instanceId: instance.id, taskId: task.id };
}

describe('who sees a North task', () => {
  it.each([
    ['admin', 200],
    ['analyst', 200],
    ['manager', 200],
    ['noah', 200],
    ['supervisor', 200],
    ['sara', 404],
  ] as const)('%s reading it gets %i', async (who, status) => {
    const { taskId, instanceId } = await northInstance();
    expect((await as(who, 'GET', `/api/tasks/${taskId}`)).status).toBe(status);
    expect((await as(who, 'GET', `/api/process-instances/${instanceId}`)).status).toBe(status);
    const listed = await as(who, 'GET', `/api/tasks?instanceId=${instanceId}`);
    expect(listed.body.items.map((task: { id: string }) => task.id)).toEqual(
      status === 200 ? [taskId] : [],
    );
    const instances = await as(who, 'GET', `/api/process-instances?status=running&limit=200`);
    expect(
      instances.body.items.some((instance: { id: string }) => instance.id === instanceId),
    ).toBe(status === 200);
  });
});

describe('a task and its instance card', () => {
  it('show the same fields whichever request reads them, timestamps to the millisecond', async () => {
    const { taskId, instanceId } = await northInstance();
    const listed = (await as('manager', 'GET', `/api/tasks?instanceId=${instanceId}`)).body
      .items[0];
    const task = (await as('manager', 'GET', `/api/tasks/${taskId}`)).body;
    expect(task).toEqual(listed);
    const card = (await as('manager', 'GET', `/api/process-instances/${instanceId}`)).body;
    // The card lists the rows; the view fields are the task endpoints' own.
    const {
      overdue: _overdue,
      candidateTeam: _team,
      form: _form,
      outputs: _outputs,
      ...row
    } = task;
    expect(card.openTasks).toEqual([row]);
    const isoMs = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
    expect(card.startedAt).toMatch(isoMs);
    expect(row.createdAt).toMatch(isoMs);
    expect(card.events.length).toBeGreaterThan(0);
    for (const event of card.events) {
      expect(event.createdAt).toMatch(isoMs);
      expect(event.id).toMatch(/^\d+$/);
    }
    const [stored] = await flowcard.dataSource.query(
      `SELECT started_at FROM process_instances WHERE id = $1`,
      [instanceId],
    );
    expect(card.startedAt).toBe(stored.started_at.toISOString());
  });
});

describe('who works a North task', () => {
  it.each([
    ['noah', 200],
    ['supervisor', 200],
    ['admin', 200],
    ['analyst', 403],
    ['sara', 404],
  ] as const)('%s completing it gets %i', async (who, status) => {
    const { taskId } = await northInstance();
    const response = await as(who, 'POST', `/api/tasks/${taskId}/complete`, {
      variables: { qualified: false },
    });
    expect(response.status).toBe(status);
    const task = await as('admin', 'GET', `/api/tasks/${taskId}`);
    expect(task.body.status).toBe(status === 200 ? 'completed' : 'open');
  });

  it('a retried completion reaches the workflow even when the row already says completed', async () => {
    // What a worker that died after committing the completion's batch, before Temporal recorded
    // the update, leaves behind when Temporal then drops the update: the row completed, the
    // workflow still waiting (found by the fault test).
    const { taskId, instanceId } = await northInstance();
    const variables = { qualified: false };
    await flowcard.dataSource.query(
      `UPDATE user_tasks SET status = 'completed', completed_by_id = $2, completion_variables = $3
        WHERE id = $1`,
      [taskId, ids.noah, JSON.stringify(variables)],
    );
    const retried = await as('noah', 'POST', `/api/tasks/${taskId}/complete`, { variables });
    expect(retried.status).toBe(200);
    await eventually(
      async () =>
        (await as('noah', 'GET', `/api/process-instances/${instanceId}`)).body.status ===
        'completed',
    );
    // Retried once more after the workflow applied it: the same answer, nothing else happens.
    const again = await as('noah', 'POST', `/api/tasks/${taskId}/complete`, { variables });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ id: taskId, status: 'completed' });
  });

  it('a manager claims a group task; a second claim is refused; a supervisor reassigns it', async () => {
    const { taskId } = await northInstance();
    const claimed = await as('noah', 'POST', `/api/tasks/${taskId}/claim`);
    expect(claimed.status).toBe(200);
    expect(claimed.body.assigneeId).toBeTruthy();
    expect((await as('manager', 'POST', `/api/tasks/${taskId}/claim`)).status).toBe(409);
    // Now Noah's: Mia (same team) still sees it, but only supervisors and admins reassign.
    expect(
      (await as('manager', 'POST', `/api/tasks/${taskId}/assign`, { assigneeId: null })).status,
    ).toBe(403);
    const me = await as('manager', 'GET', '/api/me');
    const reassigned = await as('supervisor', 'POST', `/api/tasks/${taskId}/assign`, {
      assigneeId: me.body.id,
    });
    expect(reassigned.status).toBe(200);
    expect(reassigned.body.assigneeId).toBe(me.body.id);
    const mine = await as('manager', 'GET', '/api/tasks?assignee=me');
    expect(mine.body.items.map((task: { id: string }) => task.id)).toContain(taskId);
    const sara = await as('sara', 'GET', '/api/me');
    const outsideTeam = await as('supervisor', 'POST', `/api/tasks/${taskId}/assign`, {
      assigneeId: sara.body.id,
    });
    expect(outsideTeam.status).toBe(403);
  });

  it('refuses bad input', async () => {
    const { taskId } = await northInstance();
    const bad = await as('manager', 'POST', `/api/tasks/${taskId}/complete`, { variables: 'yes' });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    expect((await as('manager', 'GET', '/api/tasks?cursor=garbage')).body.code).toBe(
      'INVALID_CURSOR',
    );
    expect((await as('manager', 'GET', '/api/tasks?limit=0')).status).toBe(400);
    const notAUser = await as('manager', 'GET', '/api/tasks?assignee=mia');
    expect({ status: notAUser.status, code: notAUser.body.code }).toEqual({
      status: 400,
      code: 'VALIDATION_FAILED',
    });
  });
});

describe('process definitions', () => {
  it('lists the versions of one key, and refuses a malformed query', async () => {
    const listed = await as('manager', 'GET', '/api/process-definitions?key=application-handling');
    expect(listed.status).toBe(200);
    expect(listed.body.map((definition: { key: string }) => definition.key)).toContain(
      'application-handling',
    );
    expect(
      listed.body.every((definition: { key: string }) => definition.key === 'application-handling'),
    ).toBe(true);
    for (const query of ['key=a&key=b', 'colour=red']) {
      const response = await as('manager', 'GET', `/api/process-definitions?${query}`);
      expect({ query, status: response.status }).toEqual({ query, status: 400 });
    }
  });
});

describe('instances', () => {
  it.each([
    ['manager', 403],
    // Cancelling needs the supervisor role before any record is looked at: no existence leaks.
    ['sara', 403],
    ['supervisor', 200],
  ] as const)('%s cancelling a North instance gets %i', async (who, status) => {
    const { instanceId } = await northInstance();
    expect((await as(who, 'POST', `/api/process-instances/${instanceId}/cancel`, {})).status).toBe(
      status,
    );
  });

  it('a manager of another team cannot start a process on a North client', async () => {
    const { clientId } = await northInstance();
    const response = await as('sara', 'POST', '/api/process-instances', {
      definitionKey: 'application-handling',
      clientId,
    });
    expect(response.status).toBe(404);
  });

  it('only readers may watch an instance live', async () => {
    const { instanceId, clientId } = await northInstance();
    for (const [who, ok] of [
      ['noah', true],
      ['sara', false],
    ] as const) {
      const socket = await flowcard.socket(tokens[who]);
      const instanceAck = await socket.emitWithAck('subscribe', { room: `instance:${instanceId}` });
      const clientAck = await socket.emitWithAck('subscribe', { room: `client:${clientId}` });
      expect([instanceAck.ok, clientAck.ok]).toEqual([ok, ok]);
    }
  });

  it("a role's task list carries only the tasks of clients the member may read", async () => {
    const heard: Record<string, string[]> = { noah: [], sara: [] };
    for (const who of ['noah', 'sara'] as const) {
      const socket = await flowcard.socket(tokens[who]);
      socket.on('event', (event: { instanceId: string }) => heard[who].push(event.instanceId));
      expect((await socket.emitWithAck('subscribe', { room: 'tasks:role:manager' })).ok).toBe(true);
    }
    const { instanceId } = await northInstance();
    await eventually(async () => heard.noah.includes(instanceId));
    expect(heard.sara).not.toContain(instanceId);
  });

  it('refuses a live connection without a valid token', async () => {
    await expect(flowcard.socket('not-a-token')).rejects.toThrow(/UNAUTHORIZED/);
  });

  it('the task list of a colleague is visible to the team, not to others', async () => {
    const me = await as('manager', 'GET', '/api/me');
    const noah = await flowcard.socket(tokens.noah);
    const sara = await flowcard.socket(tokens.sara);
    expect((await noah.emitWithAck('subscribe', { room: `tasks:user:${me.body.id}` })).ok).toBe(
      true,
    );
    expect((await sara.emitWithAck('subscribe', { room: `tasks:user:${me.body.id}` })).ok).toBe(
      false,
    );
    expect((await sara.emitWithAck('subscribe', { room: 'tasks:role:manager' })).ok).toBe(true);
    expect((await sara.emitWithAck('subscribe', { room: 'tasks:role:admin' })).ok).toBe(false);
  });
});
