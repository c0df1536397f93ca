/**
 * The heatmap of a process version: per element, how many of its live instances wait there and
 * how long a visit takes, read from the instance events in SQL, limited to what the caller may read.
 */
import { endEvent, linearDiagram, startEvent, userTask } from '#test/harness/diagrams';
import { eventually, unique, useFlowcard } from '#test/harness/index';

jest.setTimeout(90_000);

const { as, newClient, newUser, startInstance, deploy, flowcard } = useFlowcard();

interface Heat {
  elementId: string;
  waiting: number;
  visits: number;
  averageMs: number;
}

const heatmapOf = async (definitionId: string, token: string) =>
  flowcard.api(token, 'GET', `/api/process-definitions/${definitionId}/heatmap`);

const byElement = (elements: Heat[]) => new Map(elements.map((heat) => [heat.elementId, heat]));

describe('GET /api/process-definitions/:id/heatmap', () => {
  it('counts the tokens of the live instances on each element and the average visit', async () => {
    const key = unique('heatmap').replace(/\W/g, '-');
    const diagram = (extra: string) =>
      linearDiagram(key, [
        startEvent('Start'),
        userTask('Task_Review', 'Review'),
        userTask('Task_Approve', `Approve ${extra}`),
        endEvent('End'),
      ]);
    const v1 = await deploy(diagram('v1'));
    const owner = await newUser('manager');
    const client = await newClient(owner);
    const started = [];
    for (let i = 0; i < 3; i += 1) started.push(await startInstance(key, client, {}, owner));
    const [moved, , cancelled] = started;
    // The version's room brings the events of its instances to those who may read them only.
    const watcher = await flowcard.socket(owner.token);
    const stranger = await newUser('manager');
    const outsider = await flowcard.socket(stranger.token);
    const heard = { watcher: [] as string[], outsider: [] as string[] };
    watcher.on('event', (event: { instanceId: string }) => heard.watcher.push(event.instanceId));
    outsider.on('event', (event: { instanceId: string }) => heard.outsider.push(event.instanceId));
    for (const socket of [watcher, outsider]) {
      expect(await socket.emitWithAck('subscribe', { room: `definition:${v1.id}` })).toEqual({
        ok: true,
        room: `definition:${v1.id}`,
      });
    }
    const completion = await flowcard.api(
      owner.token,
      'POST',
      `/api/tasks/${moved.task.id}/complete`,
      { variables: {} },
    );
    expect(completion.status).toBe(200);
    await eventually(async () => heard.watcher.includes(moved.instance.id));
    await eventually(async () => {
      const tasks = await flowcard.api(
        owner.token,
        'GET',
        `/api/tasks?instanceId=${moved.instance.id}`,
      );
      return tasks.body.items.some(
        (task: { elementId: string }) => task.elementId === 'Task_Approve',
      );
    });
    const cancel = await as(
      'admin',
      'POST',
      `/api/process-instances/${cancelled.instance.id}/cancel`,
      {},
    );
    expect(cancel.status).toBe(200);
    // Another version's instance is not counted in this one's map.
    await deploy(diagram('v2'));
    await startInstance(key, client, {}, owner);

    const answer = await heatmapOf(v1.id, owner.token);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ definitionId: v1.id, key, version: 1, liveInstances: 2 });
    const heat = byElement(answer.body.elements);
    expect([...heat.keys()].sort()).toEqual(['Start', 'Task_Approve', 'Task_Review']);
    expect(heat.get('Start')).toMatchObject({ waiting: 0, visits: 2 });
    expect(heat.get('Task_Review')).toMatchObject({ waiting: 1, visits: 2 });
    expect(heat.get('Task_Approve')).toMatchObject({ waiting: 1, visits: 1 });
    for (const element of heat.values()) expect(element.averageMs).toBeGreaterThanOrEqual(0);

    // The averages come from the event times: the review of the instance that moved on took
    // from its start to its completion; the waiting one counts until the answer.
    const events = (await as('admin', 'GET', `/api/process-instances/${moved.instance.id}`)).body
      .events as { type: string; elementId: string | null; createdAt: string }[];
    const at = (type: string) =>
      Date.parse(events.find((e) => e.type === type && e.elementId === 'Task_Review')!.createdAt);
    const reviewOfMoved = at('element.completed') - at('element.started');
    expect(heat.get('Task_Review')!.averageMs).toBeGreaterThanOrEqual(reviewOfMoved / 2);

    // Someone who may read none of these instances hears nothing of them and sees an empty map.
    expect(heard.outsider).toEqual([]);
    watcher.disconnect();
    outsider.disconnect();
    const hidden = await heatmapOf(v1.id, stranger.token);
    expect(hidden.status).toBe(200);
    expect(hidden.body).toMatchObject({ liveInstances: 0, elements: [] });
  });

  it('answers 404 for an unknown definition and 400 for an id that is not a uuid', async () => {
    const unknown = await as(
      'supervisor',
      'GET',
      `/api/process-definitions/${'0'.repeat(8)}-0000-4000-8000-000000000000/heatmap`,
    );
    expect(unknown.status).toBe(404);
    const malformed = await as('supervisor', 'GET', '/api/process-definitions/nope/heatmap');
    expect(malformed.status).toBe(400);
    expect(malformed.body.code).toBeDefined();
  });
});
