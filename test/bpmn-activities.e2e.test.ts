/**
 * Standard loops and business rule tasks run through the app on the real Temporal server and
 * Postgres: each fixture is deployed and started over REST, user tasks are completed through
 * the task API, and the test reads the path taken and the side effects back.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type DemoPeople, eventually, type Flowcard, startFlowcard } from '#scripts/lib/in-process';

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

const fixture = (name: string) =>
  readFileSync(join(__dirname, '../workflows/bpmn/fixtures', name), 'utf8');

async function deployAndStart(name: string, clientName: string, variables: object) {
  const deployed = await flowcard.api(
    people.tokens.analyst,
    'POST',
    '/api/process-definitions',
    fixture(name),
    'application/xml',
  );
  expect([200, 201]).toContain(deployed.status);
  const client = await people.as('manager', 'POST', '/api/clients', {
    kind: 'company',
    name: clientName,
  });
  const started = await people.as('manager', 'POST', '/api/process-instances', {
    definitionId: deployed.body.id,
    clientId: client.body.id,
    variables,
  });
  expect(started.status).toBe(201);
  return { clientId: client.body.id as string, instanceId: started.body.id as string };
}

/** The subjects of the CRM activities on the client card. */
async function activitySubjects(clientId: string): Promise<string[]> {
  const card = await people.as('manager', 'GET', `/api/clients/${clientId}/card`);
  return card.body.timeline
    .filter((entry: { type: string }) => entry.type === 'activity')
    .map((entry: { activity: { subject: string } }) => entry.activity.subject);
}

const completedElements = (card: { events: { type: string; elementId: string }[] }) =>
  card.events.filter((event) => event.type === 'element.completed').map((event) => event.elementId);

const ended = (instanceId: string) =>
  eventually(async () => {
    const current = await instanceCard(instanceId);
    return current.status !== 'running' && current;
  });

const instanceCard = async (instanceId: string) =>
  (await people.as('supervisor', 'GET', `/api/process-instances/${instanceId}`)).body;

describe('standard loops', () => {
  it('run a user task and a script task again while their condition holds', async () => {
    const { clientId, instanceId } = await deployAndStart(
      'element-standard-loop.bpmn',
      'Loop Calls Ltd',
      { quality: 0, target: 2 },
    );

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

    const card = await ended(instanceId);
    expect(card.status).toBe('completed');
    expect(completedElements(card)).toEqual([
      'Start',
      'Task_Call',
      'Task_Call',
      'Script_Draft',
      'Script_Draft',
      'Task_Offer',
      'End',
    ]);
    expect(card.variables).toEqual({ quality: 2, target: 2, reached: true });
    expect(await activitySubjects(clientId)).toEqual(['Offer, quality 2']);
  });
});

describe('business rule tasks', () => {
  it('decide with FEEL into a variable the next step reads', async () => {
    const { clientId, instanceId } = await deployAndStart(
      'element-business-rule-task.bpmn',
      'Rule Orders Ltd',
      { amount: 2500 },
    );
    const card = await ended(instanceId);
    expect(card.status).toBe('completed');
    expect(completedElements(card)).toEqual(['Start', 'Rule_Discount', 'Task_Offer', 'End']);
    expect(card.variables).toEqual({ amount: 2500, discount: 10 });
    expect(await activitySubjects(clientId)).toEqual(['Offer 10% off']);
  });
});
