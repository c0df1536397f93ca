/** Comments on an instance card, on the real API and Postgres: who reads, who writes, the event. */
import { insertRunningInstance, useFlowcard } from '#test/harness/index';

const { flowcard, as, ids, newClient, newUser, auditOf } = useFlowcard({ worker: false });

/** A running instance on a client of team North (manager@demo.local owns it). */
async function northInstance(): Promise<string> {
  const client = await newClient('manager');
  return insertRunningInstance(flowcard.dataSource.manager, client.id);
}

const commentEvents = (instanceId: string) =>
  flowcard.dataSource.query(
    `SELECT type, payload, actor_user_id AS "actorUserId", client_id AS "clientId"
       FROM instance_events WHERE instance_id = $1 AND type = 'instance.comment_added' ORDER BY id`,
    [instanceId],
  );

const countComments = async (instanceId: string) =>
  Number(
    (
      await flowcard.dataSource.query(
        `SELECT count(*)::int AS n FROM instance_comments WHERE instance_id = $1`,
        [instanceId],
      )
    )[0].n,
  );

describe('instance comments', () => {
  it('are added, listed oldest first (newest first on request), audited and written as an event', async () => {
    const instanceId = await northInstance();
    const first = await as('supervisor', 'POST', `/api/process-instances/${instanceId}/comments`, {
      body: '  Client asked for a callback on Monday.  ',
    });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      instanceId,
      authorId: ids.supervisor,
      body: 'Client asked for a callback on Monday.',
    });
    expect(first.body.authorName).not.toBe('');
    const second = await as('manager', 'POST', `/api/process-instances/${instanceId}/comments`, {
      body: 'Called, contract is on its way.',
    });
    expect(second.status).toBe(201);

    const listed = await as('manager', 'GET', `/api/process-instances/${instanceId}/comments`);
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((c: { id: string }) => c.id)).toEqual([
      first.body.id,
      second.body.id,
    ]);
    expect(listed.body.items[0]).toEqual(first.body);
    const newest = await as(
      'analyst',
      'GET',
      `/api/process-instances/${instanceId}/comments?order=desc&limit=1`,
    );
    expect(newest.status).toBe(200);
    expect(newest.body.items.map((c: { id: string }) => c.id)).toEqual([second.body.id]);
    expect(newest.body.nextCursor).not.toBeNull();

    const client = (await flowcard.dataSource.query(
      `SELECT client_id AS id FROM process_instances WHERE id = $1`,
      [instanceId],
    )) as { id: string }[];
    expect(await commentEvents(instanceId)).toEqual([
      {
        type: 'instance.comment_added',
        payload: {
          commentId: first.body.id,
          authorId: ids.supervisor,
          authorName: first.body.authorName,
          body: first.body.body,
        },
        actorUserId: ids.supervisor,
        clientId: client[0].id,
      },
      expect.objectContaining({
        payload: expect.objectContaining({ commentId: second.body.id }),
      }),
    ]);
    const audit = await auditOf('instance_comment', first.body.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'create', actorUserId: ids.supervisor });

    const card = await as('supervisor', 'GET', `/api/process-instances/${instanceId}`);
    expect(card.body.events.map((e: { type: string }) => e.type)).toContain(
      'instance.comment_added',
    );
  });

  it("are not another team's to read or write: a South manager gets 404 and writes nothing", async () => {
    const instanceId = await northInstance();
    await as('manager', 'POST', `/api/process-instances/${instanceId}/comments`, { body: 'North' });
    const read = await as('sara', 'GET', `/api/process-instances/${instanceId}/comments`);
    expect(read.status).toBe(404);
    expect(read.body.code).toBe('NOT_FOUND');
    const southManager = await newUser('manager', 'South');
    const write = await flowcard.api(
      southManager.token,
      'POST',
      `/api/process-instances/${instanceId}/comments`,
      { body: 'From the south' },
    );
    expect(write.status).toBe(404);
    expect(await countComments(instanceId)).toBe(1);
    expect(await commentEvents(instanceId)).toHaveLength(1);
  });

  it('are read but not written by analysts (403), and 404 for an unknown instance', async () => {
    const instanceId = await northInstance();
    expect(
      (await as('analyst', 'GET', `/api/process-instances/${instanceId}/comments`)).status,
    ).toBe(200);
    const refused = await as('analyst', 'POST', `/api/process-instances/${instanceId}/comments`, {
      body: 'Looks slow',
    });
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('FORBIDDEN');
    const unknown = '00000000-0000-4000-8000-000000000000';
    expect((await as('admin', 'GET', `/api/process-instances/${unknown}/comments`)).status).toBe(
      404,
    );
    expect(
      (await as('admin', 'POST', `/api/process-instances/${unknown}/comments`, { body: 'x' }))
        .status,
    ).toBe(404);
    expect(await countComments(instanceId)).toBe(0);
  });

  it.each([
    ['a blank body', { body: '   ' }],
    ['no body', {}],
    ['a body over 5,000 characters', { body: 'x'.repeat(5001) }],
    ['a body that is not text', { body: 42 }],
    ['an unknown field', { body: 'Fine', pinned: true }],
  ])('refuse %s with 400 and change nothing', async (_, payload) => {
    const instanceId = await northInstance();
    const response = await as(
      'supervisor',
      'POST',
      `/api/process-instances/${instanceId}/comments`,
      payload,
    );
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('VALIDATION_FAILED');
    expect(await countComments(instanceId)).toBe(0);
    expect(await commentEvents(instanceId)).toEqual([]);
  });

  it('take exactly 5,000 characters', async () => {
    const instanceId = await northInstance();
    const response = await as('admin', 'POST', `/api/process-instances/${instanceId}/comments`, {
      body: 'y'.repeat(5000),
    });
    expect(response.status).toBe(201);
    expect(response.body.body).toHaveLength(5000);
  });
});
