/**
 * Signal events run through the app on the real Temporal server and Postgres: broadcasts over
 * `POST /api/signals` and signals thrown by instances, which the signal relay delivers. The
 * tests read the path taken (the instance's element events) and the side effects back through
 * the API.
 */
import {
  completedElements,
  startedElements,
  terminatedElements,
  useBpmnFlowcard,
} from './harness/bpmn';
import { eventually } from './harness';

jest.setTimeout(90_000);

const {
  as,
  deployFixture: deploy,
  createClient,
  startInstance,
  instanceCard,
  ended,
  openTask,
  completeTask,
  activitiesOf,
} = useBpmnFlowcard();

/** Resolves once the instance has started the element (and so waits there). */
const reached = (instanceId: string, elementId: string) =>
  eventually(async () =>
    startedElements((await instanceCard(instanceId)).events).includes(elementId),
  );

const signal = (name: string, variables = {}, caller: 'manager' | 'sara' | 'analyst' = 'manager') =>
  as(caller, 'POST', '/api/signals', { name, variables });

describe('signal catch and boundary events', () => {
  it('receive a broadcast in every waiting instance the caller may see, interrupting or not', async () => {
    const definitionId = await deploy('element-signal-events.bpmn');
    const firstClient = await createClient('Signal Offers One Ltd');
    const secondClient = await createClient('Signal Offers Two Ltd');
    const first = await startInstance(definitionId, firstClient);
    const second = await startInstance(definitionId, secondClient);
    const firstReview = await openTask(first, 'Review offer');
    await openTask(second, 'Review offer');

    const stranger = await signal('price-list-changed', {}, 'sara');
    expect(stranger.status).toBe(200);
    expect(stranger.body).toEqual({ count: 0, instanceIds: [], startedInstanceIds: [] });
    expect((await signal('price-list-changed', {}, 'analyst')).status).toBe(403);
    expect((await signal('')).status).toBe(400);

    const priceChange = await signal('price-list-changed', { priceList: 'v2' });
    expect(priceChange.status).toBe(200);
    expect(priceChange.body.count).toBe(2);
    expect([...priceChange.body.instanceIds].sort()).toEqual([first, second].sort());
    // Non-interrupting: the recalculation is planned, the review stays open.
    expect(await activitiesOf(firstClient, first)).toEqual(['task: Recalculate with v2']);
    expect(await activitiesOf(secondClient, second)).toEqual(['task: Recalculate with v2']);
    expect((await instanceCard(first)).variables).toEqual({ priceList: 'v2' });
    expect((await openTask(first, 'Review offer')).id).toBe(firstReview.id);

    await completeTask(firstReview.id);
    await reached(first, 'Catch_Approved');
    const withdrawal = await signal('offer-withdrawn');
    expect(withdrawal.body).toEqual({ count: 1, instanceIds: [second], startedInstanceIds: [] });
    const withdrawn = await ended(second);
    expect(withdrawn.status).toBe('completed');
    expect(terminatedElements(withdrawn.events)).toEqual(['Task_Review']);
    expect(completedElements(withdrawn.events)).toEqual([
      'Start',
      'Boundary_PriceList',
      'Task_Recalculate',
      'End_Recalculated',
      'Boundary_Withdrawn',
      'End_Withdrawn',
    ]);
    expect((await instanceCard(first)).status).toBe('running');
  });
});

describe('signal end events and signal boundary events on subprocesses', () => {
  it('broadcast through the relay to the instances waiting for the signal', async () => {
    const offers = await deploy('element-signal-events.bpmn');
    const campaigns = await deploy('element-signal-throw.bpmn');
    const clientId = await createClient('Signal Campaign Ltd');
    const offer = await startInstance(offers, clientId);
    await completeTask((await openTask(offer, 'Review offer')).id);
    await reached(offer, 'Catch_Approved');
    const campaign = await startInstance(campaigns, clientId);
    await reached(campaign, 'Catch_Started');

    const started = await signal('campaign-started');
    expect(started.body).toEqual({ count: 1, instanceIds: [campaign], startedInstanceIds: [] });
    const campaignCard = await ended(campaign);
    expect(campaignCard.status).toBe('completed');
    expect(completedElements(campaignCard.events)).toEqual([
      'Start',
      'Start_Campaign',
      'Catch_Started',
      'End_Campaign',
      'Sub_Campaign',
      'End_Approved',
    ]);

    // The campaign's signal end event approved the waiting offer, which announced it was sent.
    const offerCard = await ended(offer);
    expect(offerCard.status).toBe('completed');
    expect(completedElements(offerCard.events)).toEqual([
      'Start',
      'Task_Review',
      'Catch_Approved',
      'Throw_Sent',
      'End',
    ]);
  });

  it('end everything inside the subprocess when an interrupting signal comes', async () => {
    const campaigns = await deploy('element-signal-throw.bpmn');
    const campaign = await startInstance(campaigns, await createClient('Signal Cancel Ltd'));
    await reached(campaign, 'Catch_Started');

    const cancelled = await signal('campaign-cancelled');
    expect(cancelled.body).toEqual({ count: 1, instanceIds: [campaign], startedInstanceIds: [] });
    const card = await ended(campaign);
    expect(card.status).toBe('completed');
    expect(terminatedElements(card.events)).toEqual(['Catch_Started', 'Sub_Campaign']);
    expect(completedElements(card.events)).toEqual([
      'Start',
      'Start_Campaign',
      'Boundary_Cancelled',
      'End_Cancelled',
    ]);
  });
});
