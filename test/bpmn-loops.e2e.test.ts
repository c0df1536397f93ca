/**
 * Standard loops run through the app on the real Temporal server and Postgres: the fixture is
 * deployed and started over REST, the user task of each run is completed through the task
 * API, and the test reads the path taken and the side effects back.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type DemoPeople,
  eventually,
  type Flowcard,
  startFlowcard,
} from '../scripts/lib/in-process';

jest.setTimeout(90_000);

let flowcard: Flowcard;
let people: DemoPeople;

beforeAll(async () => {
  flowcard = await startFlowcard({ workflowBundlePath: process.env.FLOWCARD_WORKFLOW_BUNDLE });
  people = await flowcard.demoPeople();
});

afterAll(() => flowcard?.stop());

interface TaskItem {
  id: string;
  name: string;
}

const openTasks = async (instanceId: string): Promise<TaskItem[]> =>
  (await people.as('manager', 'GET', `/api/tasks?role=manager&instanceId=${instanceId}`)).body
    .items;

const instanceCard = async (instanceId: string) =>
  (await people.as('supervisor', 'GET', `/api/process-instances/${instanceId}`)).body;

describe('standard loops', () => {
  it('run a user task and a script task again while their condition holds', async () => {
    const xml = readFileSync(
      join(__dirname, '../workflows/bpmn/fixtures/element-standard-loop.bpmn'),
      'utf8',
    );
    const deployed = await flowcard.api(
      people.tokens.analyst,
      'POST',
      '/api/process-definitions',
      xml,
      'application/xml',
    );
    expect([200, 201]).toContain(deployed.status);
    const client = await people.as('manager', 'POST', '/api/clients', {
      kind: 'company',
      name: 'Loop Calls Ltd',
    });
    const started = await people.as('manager', 'POST', '/api/process-instances', {
      definitionId: deployed.body.id,
      clientId: client.body.id,
      variables: { quality: 0, target: 2 },
    });
    expect(started.status).toBe(201);
    const instanceId: string = started.body.id;

    const completedTaskIds: string[] = [];
    for (const reached of [false, true]) {
      const task = await eventually(async () =>
        (await openTasks(instanceId)).find(
          (candidate) =>
            candidate.name === 'Call the client' && !completedTaskIds.includes(candidate.id),
        ),
      );
      const completed = await people.as('manager', 'POST', `/api/tasks/${task.id}/complete`, {
        variables: { reached },
      });
      expect(completed.status).toBe(200);
      completedTaskIds.push(task.id);
    }

    const card = await eventually(async () => {
      const current = await instanceCard(instanceId);
      return current.status !== 'running' && current;
    });
    expect(card.status).toBe('completed');
    expect(
      card.events
        .filter((event: { type: string }) => event.type === 'element.completed')
        .map((event: { elementId: string }) => event.elementId),
    ).toEqual([
      'Start',
      'Task_Call',
      'Task_Call',
      'Script_Draft',
      'Script_Draft',
      'Task_Offer',
      'End',
    ]);
    expect(card.variables).toEqual({ quality: 2, target: 2, reached: true });
    const clientCard = await people.as('manager', 'GET', `/api/clients/${client.body.id}/card`);
    expect(
      clientCard.body.timeline
        .filter((entry: { type: string }) => entry.type === 'activity')
        .map((entry: { activity: { subject: string } }) => entry.activity.subject),
    ).toEqual(['Offer, quality 2']);
  });
});
