/**
 * User tasks for a candidate team, on the real Temporal server: the team's members see the task
 * among the group tasks they may claim and claim it, wherever its client belongs; a manager of
 * another team neither sees nor claims it. A team FEEL names that does not exist stops the
 * instance at an incident on the task.
 */
import { fixtureXml, postDiagram, useBpmnFlowcard } from '#test/harness/bpmn';
import type { LiveEvent } from '#server/live/live-event';
import { eventually } from './harness';

const { flowcard, tokens, as, deployFixture, ended } = useBpmnFlowcard();

type Person = 'manager' | 'noah' | 'sara' | 'supervisor' | 'admin';

/** A client of `owner`, with an instance of the team fixture that `owner` starts on it. */
async function startFor(owner: Person, team: string) {
  const definitionId = await deployFixture('element-user-task-team.bpmn');
  const client = await as(owner, 'POST', '/api/clients', {
    kind: 'company',
    name: `Team ${team} ${Date.now()}`,
  });
  expect(client.status).toBe(201);
  const started = await as(owner, 'POST', '/api/process-instances', {
    definitionId,
    clientId: client.body.id,
    variables: { team },
  });
  expect(started.status).toBe(201);
  return started.body.id as string;
}

/** The ids of the group tasks of the instance that `who` may claim, as the task list asks. */
async function claimableOf(who: Person, instanceId: string): Promise<string[]> {
  const listed = await as(who, 'GET', `/api/tasks?claimable=true&instanceId=${instanceId}`);
  expect(listed.status).toBe(200);
  return listed.body.items.map((task: { id: string }) => task.id);
}

/** The open task of the instance once it is there, as an admin reads it. */
const openTaskOf = (instanceId: string, elementId: string) =>
  eventually(async () => {
    const listed = await as('admin', 'GET', `/api/tasks?instanceId=${instanceId}`);
    return listed.body.items.find(
      (task: { elementId: string; status: string }) =>
        task.elementId === elementId && task.status === 'open',
    );
  });

async function northId(): Promise<string> {
  const teams = (await as('admin', 'GET', '/api/teams?limit=200')).body.items;
  return teams.find((team: { name: string }) => team.name === 'North').id;
}

describe('a user task for a candidate team', () => {
  it("is claimed by a member of the team, and not by another team's manager, even the client's owner", async () => {
    // Sara (South) owns the client; the task is for North.
    const instanceId = await startFor('sara', 'North');
    const task = await openTaskOf(instanceId, 'Task_Qualify');
    const north = { id: await northId() };
    expect(task).toMatchObject({
      assigneeId: null,
      candidateRole: null,
      candidateTeamId: north.id,
      candidateTeam: 'North',
    });

    expect(await claimableOf('noah', instanceId)).toEqual([task.id]);
    expect(await claimableOf('supervisor', instanceId)).toEqual([task.id]);
    expect(await claimableOf('sara', instanceId)).toEqual([]);
    const byTeam = await as(
      'noah',
      'GET',
      `/api/tasks?teamId=${north.id}&instanceId=${instanceId}`,
    );
    expect(byTeam.body.items.map((listed: { id: string }) => listed.id)).toEqual([task.id]);

    const refused = await as('sara', 'POST', `/api/tasks/${task.id}/claim`);
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({
      code: 'FORBIDDEN',
      message: 'Only the team "North" may claim this task',
    });
    expect((await as('sara', 'POST', `/api/tasks/${task.id}/complete`, {})).body).toMatchObject({
      code: 'FORBIDDEN',
      message: 'Only the team "North" may complete this task',
    });

    const claimed = await as('noah', 'POST', `/api/tasks/${task.id}/claim`);
    expect(claimed.status).toBe(200);
    const noah = (await as('noah', 'GET', '/api/me')).body;
    expect(claimed.body).toMatchObject({ assigneeId: noah.id, candidateTeam: 'North' });
    expect(await claimableOf('noah', instanceId)).toEqual([]);
    const completed = await as('noah', 'POST', `/api/tasks/${task.id}/complete`, {});
    expect(completed.status).toBe(200);

    // The next task names its team in the diagram, beside a role.
    const visit = await openTaskOf(instanceId, 'Task_Visit');
    expect(visit).toMatchObject({ candidateRole: 'manager', candidateTeam: 'North' });
    expect(await claimableOf('manager', instanceId)).toEqual([visit.id]);
    expect(await claimableOf('sara', instanceId)).toEqual([]);
  });

  it("is hidden from another team's manager who may not read its client: 404 on claim", async () => {
    // Mia (North) owns the client: Sara reads none of it.
    const instanceId = await startFor('manager', 'North');
    const task = await openTaskOf(instanceId, 'Task_Qualify');
    expect(await claimableOf('sara', instanceId)).toEqual([]);
    const refused = await as('sara', 'POST', `/api/tasks/${task.id}/claim`);
    expect(refused.status).toBe(404);
    expect(refused.body.code).toBe('NOT_FOUND');
    expect((await as('sara', 'GET', `/api/tasks/${task.id}`)).status).toBe(404);
    expect((await as('manager', 'POST', `/api/tasks/${task.id}/claim`)).status).toBe(200);
  });

  it("is pushed live to the team's task list, which another team may not watch", async () => {
    const room = `tasks:team:${await northId()}`;
    const noah = await flowcard.socket(tokens.noah);
    const heard: LiveEvent[] = [];
    noah.on('event', (event: LiveEvent) => heard.push(event));
    expect(await noah.emitWithAck('subscribe', { room })).toEqual({ ok: true, room });
    const sara = await flowcard.socket(tokens.sara);
    expect(await sara.emitWithAck('subscribe', { room })).toMatchObject({
      ok: false,
      code: 'FORBIDDEN',
    });
    try {
      // Sara's client: Noah hears of the task through his team's list alone.
      const instanceId = await startFor('sara', 'North');
      const task = await openTaskOf(instanceId, 'Task_Qualify');
      const created = await eventually(async () =>
        heard.find((event) => event.type === 'task.created' && event.instanceId === instanceId),
      );
      expect(created.payload).toMatchObject({
        taskId: task.id,
        candidateTeamId: task.candidateTeamId,
      });
    } finally {
      noah.disconnect();
      sara.disconnect();
    }
  });

  it('stops at an incident on the task when FEEL names a team that does not exist', async () => {
    const instanceId = await startFor('manager', 'Nowhere');
    const card = await ended(instanceId);
    expect(card.status).toBe('incident');
    expect(card.incidents).toEqual([
      expect.objectContaining({
        elementId: 'Task_Qualify',
        code: 'UNKNOWN_TEAM',
        message: expect.stringContaining('there is no team "Nowhere"'),
      }),
    ]);
    const tasks = await as('admin', 'GET', `/api/tasks?instanceId=${instanceId}`);
    expect(tasks.body.items).toEqual([]);
  });

  it('is refused at deploy when the team written in the diagram does not exist', async () => {
    const xml = fixtureXml('element-user-task-team.bpmn').replace(
      'candidateTeam="North"',
      'candidateTeam="Atlantis"',
    );
    const response = await postDiagram(flowcard, tokens.analyst, xml);
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('BPMN_INVALID');
    const line = xml.split('\n').findIndex((text) => text.includes('id="Task_Visit"')) + 1;
    expect(response.body.details).toEqual([
      expect.objectContaining({
        elementId: 'Task_Visit',
        line,
        message: 'candidateTeam: UNKNOWN_TEAM: there is no team "Atlantis"',
      }),
    ]);
  });
});
