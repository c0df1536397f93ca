/**
 * Standard loops and business rule tasks run through the app on the real Temporal server and
 * Postgres: each fixture is deployed and started over REST, user tasks are completed through
 * the task API, and the test reads the path taken and the side effects back.
 */
import { completedElements, useBpmnFlowcard } from './harness/bpmn';
import { eventually } from './harness';

jest.setTimeout(90_000);

const { as, postFixture, startInstance, ended, openTasks } = useBpmnFlowcard();

async function deployAndStart(name: string, clientName: string, variables: object) {
  const deployed = await postFixture(name);
  const client = await as('manager', 'POST', '/api/clients', { kind: 'company', name: clientName });
  const instanceId = await startInstance(deployed.body.id, client.body.id, variables);
  return { clientId: client.body.id as string, instanceId };
}

/** The subjects of the CRM activities on the client card. */
async function activitySubjects(clientId: string): Promise<string[]> {
  const card = await as('manager', 'GET', `/api/clients/${clientId}/card`);
  return card.body.timeline
    .filter((entry: { type: string }) => entry.type === 'activity')
    .map((entry: { activity: { subject: string } }) => entry.activity.subject);
}

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
      const completed = await as('manager', 'POST', `/api/tasks/${task.id}/complete`, {
        variables: { reached },
      });
      expect(completed.status).toBe(200);
      completedTaskIds.push(task.id);
    }

    const card = await ended(instanceId);
    expect(card.status).toBe('completed');
    expect(completedElements(card.events)).toEqual([
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
    expect(completedElements(card.events)).toEqual(['Start', 'Rule_Discount', 'Task_Offer', 'End']);
    expect(card.variables).toEqual({ amount: 2500, discount: 10 });
    expect(await activitySubjects(clientId)).toEqual(['Offer 10% off']);
  });
});
