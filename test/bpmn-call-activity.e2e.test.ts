/**
 * Call activities run through the app on the real Temporal server and Postgres: the order of
 * element-call-activity.bpmn calls the credit check of element-called-credit-check.bpmn, which
 * runs as an instance of its own (its card, its user task, a child workflow), and the test reads
 * both paths, the variables passed in and out and the side effects back through the API.
 */
import { fixtureXml, completedElements, terminatedElements, useBpmnFlowcard } from './harness/bpmn';
import { eventually } from './harness';

jest.setTimeout(90_000);

const {
  as,
  flowcard,
  tokens,
  postFixture,
  createClient,
  startInstance,
  instanceCard,
  ended,
  openTask,
  completeTask,
  activitiesOf,
} = useBpmnFlowcard();

interface CalledInstance {
  id: string;
  elementId: string;
  definitionKey: string;
  version: number;
  status: string;
}

/** The instance the call activity started, once its workflow runs (it is `starting` before). */
const calledInstanceOf = (instanceId: string): Promise<CalledInstance> =>
  eventually(async () => {
    const [called] = (await instanceCard(instanceId)).calledInstances;
    return called?.status === 'running' && called;
  });

async function startOrder(clientName: string, parentXml?: string) {
  await postFixture('element-called-credit-check.bpmn');
  const deployed = parentXml
    ? await flowcard.api(
        tokens.analyst,
        'POST',
        '/api/process-definitions',
        parentXml,
        'application/xml',
      )
    : await postFixture('element-call-activity.bpmn');
  expect([200, 201]).toContain(deployed.status);
  const clientId = await createClient(clientName);
  const instanceId = await startInstance(deployed.body.id, clientId, {
    orderAmount: 1500,
    note: 'kept by the caller',
  });
  const called = await calledInstanceOf(instanceId);
  return { clientId, instanceId, called };
}

describe('call activities', () => {
  it('run the latest version as an instance of its own, passing variables in and out', async () => {
    const { clientId, instanceId, called } = await startOrder('Credit Granted Ltd');
    expect(called).toMatchObject({
      elementId: 'Call_CreditCheck',
      definitionKey: 'element-called-credit-check',
      status: 'running',
    });
    const calledCard = await instanceCard(called.id);
    expect(calledCard).toMatchObject({
      parentInstanceId: instanceId,
      parentElementId: 'Call_CreditCheck',
      clientId,
      variables: { amount: 1500 },
    });

    const rating = await openTask(called.id, 'Rate the client');
    // The caller waits until the called instance ends.
    expect((await instanceCard(instanceId)).status).toBe('running');
    await completeTask(rating.id, { rating: 'good' });

    const calledEnd = await ended(called.id);
    expect(calledEnd.status).toBe('completed');
    expect(completedElements(calledEnd.events)).toEqual([
      'Start',
      'Task_Rate',
      'Gateway_Rating',
      'Script_Limit',
      'End',
    ]);
    const card = await ended(instanceId);
    expect(card.status).toBe('completed');
    expect(completedElements(card.events)).toEqual([
      'Start',
      'Call_CreditCheck',
      'Task_Offer',
      'End',
    ]);
    expect(card.variables).toEqual({
      orderAmount: 1500,
      note: 'kept by the caller',
      creditLimit: 3000,
    });
    expect(card.calledInstances).toEqual([{ ...called, status: 'completed' }]);
    expect(await activitiesOf(clientId, instanceId)).toEqual(['task: Offer up to 3000']);
  });

  it('throw the error end event of the called instance to the boundary event of the call', async () => {
    const { clientId, instanceId, called } = await startOrder('Credit Refused Ltd');
    await completeTask((await openTask(called.id, 'Rate the client')).id, { rating: 'bad' });
    const calledEnd = await ended(called.id);
    expect(calledEnd.status).toBe('failed');
    expect(calledEnd.error.elementId).toBe('End_Refused');

    const card = await ended(instanceId);
    expect(card.status).toBe('completed');
    expect(terminatedElements(card.events)).toEqual(['Call_CreditCheck']);
    expect(completedElements(card.events)).toEqual([
      'Start',
      'Boundary_Refused',
      'Task_Explain',
      'End_Refused',
    ]);
    expect(card.variables).not.toHaveProperty('creditLimit');
    expect(await activitiesOf(clientId, instanceId)).toEqual(['call: Explain the credit refusal']);
  });

  it('run a pinned version; cancelling the caller cancels the called instance and its task', async () => {
    await postFixture('element-called-credit-check.bpmn');
    // A second version of the credit check, which the pinned call does not run.
    const v2 = fixtureXml('element-called-credit-check.bpmn').replace('amount * 2', 'amount * 3');
    const second = await flowcard.api(
      tokens.analyst,
      'POST',
      '/api/process-definitions',
      v2,
      'application/xml',
    );
    expect([200, 201]).toContain(second.status);
    const pinnedVersion = second.body.version - 1;
    const pinned = fixtureXml('element-call-activity.bpmn')
      .replace('version="latest"', `version="${pinnedVersion}"`)
      .replace('id="element-call-activity"', 'id="element-call-activity-pinned"');
    const { instanceId, called } = await startOrder('Cancelled Credit Ltd', pinned);
    expect(called.version).toBe(pinnedVersion);
    const rating = await openTask(called.id, 'Rate the client');

    const cancelled = await as(
      'supervisor',
      'POST',
      `/api/process-instances/${instanceId}/cancel`,
      {
        reason: 'order withdrawn',
      },
    );
    expect(cancelled.status).toBe(200);
    expect((await ended(instanceId)).status).toBe('cancelled');
    const calledEnd = await ended(called.id);
    expect(calledEnd.status).toBe('cancelled');
    expect(calledEnd.openTasks).toEqual([]);
    const completing = await as('manager', 'POST', `/api/tasks/${rating.id}/complete`, {
      variables: {},
    });
    expect(completing.status).toBeGreaterThanOrEqual(400);
  });
});
