/**
 * Signal events run through the app on the real Temporal server and Postgres: broadcasts over
 * `POST /api/signals` and signals thrown by instances, which the signal relay delivers. The
 * tests read the path taken (the instance's element events) and the side effects back through
 * the API. A signal for an instance in incident (on another branch) is held until the incident
 * is retried, also one the engine refused because the incident came after the wait was read,
 * and dropped if the instance is cancelled instead.
 */
import {
  completedElements,
  startedElements,
  terminatedElements,
  postDiagram,
  useBpmnFlowcard,
} from './harness/bpmn';
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { loadConfig } from '#server/common/config';
import { deliverSignal } from '#server/processes/signals/signal-delivery';
import { eventually } from './harness';
import { incidentBranch, waitAcrossIncidentXml } from './harness/incident-branch';

jest.setTimeout(90_000);

const harness = useBpmnFlowcard();
const { flowcard, tokens, as, deployFixture: deploy, createClient, startInstance } = harness;
const { instanceCard, ended, openTask, completeTask, activitiesOf } = harness;
const { waitingInIncident, retried, cancelledInstead } = incidentBranch(harness);

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
    expect(stranger.body).toEqual({
      count: 0,
      instanceIds: [],
      heldInstanceIds: [],
      startedInstanceIds: [],
    });
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
    expect(withdrawal.body).toEqual({
      count: 1,
      instanceIds: [second],
      heldInstanceIds: [],
      startedInstanceIds: [],
    });
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
    expect(started.body).toEqual({
      count: 1,
      instanceIds: [campaign],
      heldInstanceIds: [],
      startedInstanceIds: [],
    });
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
    expect(cancelled.body).toEqual({
      count: 1,
      instanceIds: [campaign],
      heldInstanceIds: [],
      startedInstanceIds: [],
    });
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

describe('a signal for an instance in incident', () => {
  const INCIDENT_XML = waitAcrossIncidentXml({
    processId: 'signal-wait-incident',
    catchId: 'Catch_Go',
    roots: '<bpmn:signal id="Signal_Go" name="held-until-retried" />',
    catchEvent: `<bpmn:intermediateCatchEvent id="Catch_Go">
      <bpmn:signalEventDefinition signalRef="Signal_Go" />
    </bpmn:intermediateCatchEvent>`,
  });
  let definitionId: string;
  beforeAll(async () => {
    const deployed = await postDiagram(flowcard, tokens.analyst, INCIDENT_XML);
    expect(deployed.status).toBe(201);
    definitionId = deployed.body.id;
  });

  const heldFor = (instanceId: string): Promise<{ signal_name: string; variables: object }[]> =>
    flowcard.dataSource.query(
      `SELECT signal_name, variables FROM held_signals WHERE instance_id = $1`,
      [instanceId],
    );

  it('is held until the incident is retried, then taken once', async () => {
    const clientId = await createClient('Signalled During An Incident Ltd');
    const { instanceId, incidentId } = await waitingInIncident(definitionId, clientId, 'Catch_Go');

    const sent = await signal('held-until-retried', { go: 'after the retry' });
    expect(sent.status).toBe(200);
    expect(sent.body).toEqual({
      count: 0,
      instanceIds: [],
      heldInstanceIds: [instanceId],
      startedInstanceIds: [],
    });
    expect(await heldFor(instanceId)).toEqual([
      { signal_name: 'held-until-retried', variables: { go: 'after the retry' } },
    ]);
    const held = await instanceCard(instanceId);
    expect(held.status).toBe('incident');
    expect(completedElements(held.events)).not.toContain('Catch_Go');

    const finished = await retried(instanceId, incidentId, 'potential');
    expect(finished.status).toBe('completed');
    expect(finished.variables.go).toBe('after the retry');
    expect(completedElements(finished.events).filter((id) => id === 'Catch_Go')).toEqual([
      'Catch_Go',
    ]);
    // Removed once the engine's answer is back, which can come just after the instance ended.
    await eventually(async () => (await heldFor(instanceId)).length === 0);
  });

  it('is held when the engine refused it for an incident raised since its wait was read', async () => {
    const clientId = await createClient('Refused A Signal Ltd');
    const { instanceId, incidentId } = await waitingInIncident(definitionId, clientId, 'Catch_Go');
    const [{ workflowId }] = await flowcard.dataSource.query(
      `SELECT workflow_id AS "workflowId" FROM process_instances WHERE id = $1`,
      [instanceId],
    );
    const config = loadConfig();
    const connection = await Connection.connect({ address: config.temporalAddress });
    try {
      const temporal = new Client({ connection, namespace: config.temporalNamespace });
      // As a broadcast that read the wait while the instance still ran.
      const outcome = await deliverSignal(
        temporal,
        flowcard.dataSource.manager,
        10_000,
        [{ instanceId, workflowId, status: 'running' }],
        { name: 'held-until-retried', variables: { go: 'refused once' }, deliveryId: randomUUID() },
      );
      expect(outcome).toEqual({ reached: [], held: [instanceId] });
    } finally {
      await connection.close();
    }

    const finished = await retried(instanceId, incidentId, 'potential');
    expect(finished.status).toBe('completed');
    expect(finished.variables.go).toBe('refused once');
  });

  it('is dropped when the instance is cancelled instead', async () => {
    const clientId = await createClient('Cancelled With A Held Signal Ltd');
    const { instanceId } = await waitingInIncident(definitionId, clientId, 'Catch_Go');
    const sent = await signal('held-until-retried', { go: 'never' });
    expect(sent.body.heldInstanceIds).toEqual([instanceId]);

    await cancelledInstead(instanceId);
    await eventually(async () => (await heldFor(instanceId)).length === 0);
    const card = await instanceCard(instanceId);
    expect(completedElements(card.events)).not.toContain('Catch_Go');
    expect(card.variables).not.toHaveProperty('go');
  });
});
