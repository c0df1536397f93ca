/**
 * Messages with a time to live, on the real Temporal server and Postgres: a message no instance
 * waits for yet is buffered, and the first instance to wait for its name and key receives it at
 * once, once; an expired one reaches nobody; a message id is refused again while its message
 * lives; without a time to live, nothing changes (404).
 */
import { completedElements, startedElements, useBpmnFlowcard } from './harness/bpmn';
import { eventually } from './harness';

jest.setTimeout(90_000);

const { as, deployFixture, createClient, startInstance, instanceCard, activitiesOf } =
  useBpmnFlowcard();

const publish = (body: object) => as('manager', 'POST', '/api/messages', body);

/** The instance card once the instance has started the element. */
const reached = (instanceId: string, elementId: string) =>
  eventually(async () => {
    const card = await instanceCard(instanceId);
    return startedElements(card.events).includes(elementId) && card;
  });

describe('buffered messages', () => {
  let definitionId: string;
  beforeAll(async () => {
    definitionId = await deployFixture('element-message-events.bpmn');
  });

  it('reach the first instance that waits for them, at once and once only', async () => {
    const clientId = await createClient('Called Early Ltd');
    const early = await publish({
      name: 'client-called-back',
      correlationKey: clientId,
      variables: { answer: 'send the buffered offer' },
      timeToLive: 'PT1H',
      messageId: `called-${clientId}`,
    });
    expect(early.status).toBe(200);
    expect(early.body).toEqual({
      outcome: 'buffered',
      instanceId: null,
      elementId: null,
      status: null,
      started: false,
      expiresAt: expect.any(String),
    });
    expect(Date.parse(early.body.expiresAt)).toBeGreaterThan(Date.now() + 50 * 60_000);

    const again = await publish({
      name: 'client-called-back',
      correlationKey: clientId,
      timeToLive: 3_600_000,
      messageId: `called-${clientId}`,
    });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('MESSAGE_ALREADY_PUBLISHED');

    const variables = { clientId, documentsWithin: 'P3D' };
    const first = await startInstance(definitionId, clientId, variables);
    const firstCard = await reached(first, 'Receive_Documents');
    expect(completedElements(firstCard.events)).toEqual(['Start', 'Catch_CalledBack', 'Task_Note']);
    expect(firstCard.variables.answer).toBe('send the buffered offer');
    expect(await activitiesOf(clientId, first)).toEqual(['task: Answer: send the buffered offer']);

    // Consumed by the first instance: the second waits until a message of its own comes.
    const second = await startInstance(definitionId, clientId, variables);
    await reached(second, 'Catch_CalledBack');
    const direct = await publish({
      name: 'client-called-back',
      correlationKey: clientId,
      variables: { answer: 'call back' },
    });
    expect(direct.body).toMatchObject({
      outcome: 'delivered',
      instanceId: second,
      elementId: 'Catch_CalledBack',
    });
    await reached(second, 'Receive_Documents');
  });

  it('drop a message once its time to live is over', async () => {
    const clientId = await createClient('Called Too Early Ltd');
    const expiring = await publish({
      name: 'client-called-back',
      correlationKey: clientId,
      variables: { answer: 'stale' },
      timeToLive: 1,
    });
    expect(expiring.body.outcome).toBe('buffered');
    const instanceId = await startInstance(definitionId, clientId, {
      clientId,
      documentsWithin: 'P3D',
    });
    await reached(instanceId, 'Catch_CalledBack');
    // Its wait is open and took no message: a message now is delivered to it.
    const fresh = await publish({
      name: 'client-called-back',
      correlationKey: clientId,
      variables: { answer: 'fresh' },
    });
    expect(fresh.body).toMatchObject({ outcome: 'delivered', instanceId });
    const card = await reached(instanceId, 'Receive_Documents');
    expect(card.variables.answer).toBe('fresh');
  });

  it("keep today's answers without a time to live, and refuse a bad one", async () => {
    const clientId = await createClient('Nobody Waits Ltd');
    const refused = await publish({
      name: 'client-called-back',
      correlationKey: clientId,
      timeToLive: 0,
    });
    expect(refused.status).toBe(404);
    expect(refused.body.code).toBe('MESSAGE_NOT_CORRELATED');
    for (const timeToLive of ['P1M', 'soon', -5, 1.5]) {
      const invalid = await publish({
        name: 'client-called-back',
        correlationKey: clientId,
        timeToLive,
      });
      expect(invalid.status).toBe(400);
      expect(invalid.body.code).toBe('VALIDATION_FAILED');
    }
    // Nothing was kept: an instance that waits now waits.
    const instanceId = await startInstance(definitionId, clientId, {
      clientId,
      documentsWithin: 'P3D',
    });
    const card = await reached(instanceId, 'Catch_CalledBack');
    expect(completedElements(card.events)).toEqual(['Start']);
  });
});
