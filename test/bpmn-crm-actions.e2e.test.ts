/**
 * The deal and client-card actions of service tasks run through the app on the real Temporal
 * server and Postgres: one instance opens a deal (its id kept in a variable), moves it on by
 * that variable, notes it on the client card and hands the client to another owner, leaving the
 * rows, audit entries and outbox events a person's requests leave. A retried batch writes once;
 * what the API would refuse is refused at deploy (literal values) or fails the step (FEEL).
 */
import { randomUUID } from 'node:crypto';
import { start } from '#workflows/engine/engine';
import type { ExecutableModel } from '#workflows/engine/model';
import { AuditEntry } from '#server/audit/audit-entry.entity';
import { Activity } from '#server/crm/activities/activity.entity';
import { DealStageChange } from '#server/crm/deals/deal-stage-change.entity';
import { Deal } from '#server/crm/deals/deal.entity';
import { ProcessDefinition } from '#server/processes/definitions/process-definition.entity';
import { InstanceEvent } from '#server/processes/instances/instance-event.entity';
import { createEffectActivities } from '#server/processes/runtime/effect-activities';
import { linearDiagram, startEvent, endEvent } from './harness/diagrams';
import { completedElements, postDiagram, useBpmnFlowcard } from './harness/bpmn';

jest.setTimeout(90_000);

const { flowcard, tokens, ids, as, deployFixture, createClient, startInstance, ended } =
  useBpmnFlowcard();

interface Stage {
  id: string;
  name: string;
  kind: 'open' | 'won' | 'lost';
}

async function salesStages(): Promise<Stage[]> {
  const pipelines = await as('manager', 'GET', '/api/pipelines');
  const sales = pipelines.body.items.find((pipeline: { isDefault: boolean }) => pipeline.isDefault);
  return sales.stages;
}

/** What the rows of an instance hold, to compare before and after a retried batch. */
async function rowsOf(instanceId: string, dealId: string) {
  const manager = flowcard.dataSource.manager;
  return {
    deals: await manager.countBy(Deal, { id: dealId }),
    stageChanges: await manager.countBy(DealStageChange, { dealId }),
    notes: await manager.countBy(Activity, { processInstanceId: instanceId, kind: 'note' }),
    audit: await manager.countBy(AuditEntry, { actorProcessInstanceId: instanceId }),
    events: await manager.countBy(InstanceEvent, { instanceId }),
  };
}

describe('deal and client-card actions', () => {
  it('open a deal, move it by its variable, note it and hand the client over, once', async () => {
    const definitionId = await deployFixture('element-crm-deal-actions.bpmn');
    const clientId = await createClient('Deal Actions Ltd');
    const stages = await salesStages();
    const [firstOpen, secondOpen] = stages.filter((stage) => stage.kind === 'open');
    const instanceId = await startInstance(definitionId, clientId, {
      fleet: 'vans',
      amount: 1250.5,
      nextStageId: secondOpen.id,
      newOwner: 'noah@demo.local',
    });

    const card = await ended(instanceId);
    expect(card.status).toBe('completed');
    expect(completedElements(card.events)).toEqual([
      'Start',
      'Task_OpenDeal',
      'Task_Advance',
      'Task_Note',
      'Task_Owner',
      'End',
    ]);
    const dealId: string = card.variables.dealId;

    const deal = await as('supervisor', 'GET', `/api/deals/${dealId}`);
    expect(deal.status).toBe(200);
    expect(deal.body).toMatchObject({
      clientId,
      title: 'Fleet renewal for vans',
      amount: '1250.50',
      currency: 'EUR',
      ownerId: ids.manager,
      stage: { id: secondOpen.id },
      status: 'open',
    });
    const history = await flowcard.dataSource.manager.find(DealStageChange, {
      where: { dealId },
      order: { changedAt: 'ASC' },
    });
    expect(history.map((change) => [change.fromStageId, change.toStageId])).toEqual([
      [null, firstOpen.id],
      [firstOpen.id, secondOpen.id],
    ]);

    const client = await as('supervisor', 'GET', `/api/clients/${clientId}/card`);
    expect(client.body.client.ownerId).toBe(ids.noah);
    const notes = client.body.timeline.filter(
      (entry: { type: string; activity?: { kind: string } }) => entry.activity?.kind === 'note',
    );
    expect(notes.map((entry: { activity: object }) => entry.activity)).toEqual([
      expect.objectContaining({
        subject: 'Deal opened by the process',
        body: 'Amount 1250.5',
        status: 'done',
        processInstanceId: instanceId,
        elementId: 'Task_Note',
      }),
    ]);

    const audit = await flowcard.dataSource.manager.find(AuditEntry, {
      where: { actorProcessInstanceId: instanceId },
      order: { id: 'ASC' },
    });
    expect(audit.map((entry) => [entry.actorElementId, entry.entityType, entry.action])).toEqual([
      ['Task_OpenDeal', 'deal', 'create'],
      ['Task_Advance', 'deal', 'update'],
      ['Task_Note', 'activity', 'create'],
      ['Task_Owner', 'client', 'update'],
    ]);

    const crmEvents = (
      await flowcard.dataSource.manager.find(InstanceEvent, {
        where: { instanceId },
        order: { id: 'ASC' },
      })
    )
      .filter((event) => !event.type.startsWith('element.') && !event.type.startsWith('instance.'))
      .map((event) => [event.type, event.elementId]);
    expect(crmEvents).toEqual([
      ['deal.stage_changed', 'Task_OpenDeal'],
      ['deal.stage_changed', 'Task_Advance'],
      ['activity.created', 'Task_Note'],
      ['activity.completed', 'Task_Note'],
      ['client.updated', 'Task_Owner'],
    ]);

    // The batch again, as Temporal retries it when its result was lost after the commit.
    const before = await rowsOf(instanceId, dealId);
    const definition = await flowcard.dataSource.manager.findOneByOrFail(ProcessDefinition, {
      id: definitionId,
    });
    const step = start(definition.model as ExecutableModel, {
      instanceId,
      variables: {
        fleet: 'vans',
        amount: 1250.5,
        nextStageId: secondOpen.id,
        newOwner: 'noah@demo.local',
      },
    });
    const [batch] = step.commands;
    if (batch.type !== 'writeEffects') throw new Error('the first command writes the batch');
    await createEffectActivities(flowcard.dataSource).writeEffects(instanceId, batch.effects);
    expect(await rowsOf(instanceId, dealId)).toEqual(before);
  });

  it('refuse at deploy what the API refuses in written values, naming element and line', async () => {
    const stages = await salesStages();
    const won = stages.find((stage) => stage.kind === 'won')!;
    const lost = stages.find((stage) => stage.kind === 'lost')!;
    const action = (id: string, attributes: string) =>
      `<bpmn:serviceTask id="${id}"><bpmn:extensionElements>` +
      `<flowcard:action ${attributes} /></bpmn:extensionElements></bpmn:serviceTask>`;
    const xml = linearDiagram('crm-actions-refused', [
      startEvent('Start'),
      action('Deal_Amount', 'type="createDeal" title="Bad" amount="12.345" currency="eur"'),
      action('Deal_Stage', `type="createDeal" title="Won already" stage="${won.id}"`),
      action('Deal_Owner', 'type="createDeal" title="Nobody" owner="nobody@demo.local"'),
      action('Move_Lost', `type="setDealStage" deal="=dealId" stage="${lost.id}"`),
      action('Move_Unknown', `type="setDealStage" deal="=dealId" stage="${randomUUID()}"`),
      action('Owner_Unknown', 'type="assignClientOwner" owner="nobody@demo.local"'),
      action('Note_Long', `type="addNote" subject="${'x'.repeat(301)}"`),
      endEvent('End'),
    ]);
    const response = await postDiagram(flowcard, tokens.analyst, xml);
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('BPMN_INVALID');
    const lineOf = (id: string) =>
      xml.split('\n').findIndex((line) => line.includes(`id="${id}"`)) + 1;
    const details: { elementId: string; line: number; message: string }[] = response.body.details;
    for (const detail of details) expect(detail.line).toBe(lineOf(detail.elementId));
    expect(details.map(({ elementId, message }) => [elementId, message])).toEqual([
      ['Deal_Amount', expect.stringContaining('createDeal: amount must be an amount')],
      [
        'Deal_Amount',
        expect.stringContaining('createDeal: currency must be an upper-case ISO 4217'),
      ],
      ['Deal_Stage', 'createDeal: STAGE_NOT_OPEN: A deal starts in an open stage'],
      ['Deal_Owner', 'createDeal: UNKNOWN_USER: there is no active user nobody@demo.local'],
      ['Move_Lost', expect.stringContaining('setDealStage: LOST_NEEDS_REASON')],
      ['Move_Unknown', expect.stringContaining('setDealStage: STAGE_NOT_IN_PIPELINE')],
      [
        'Owner_Unknown',
        'assignClientOwner: UNKNOWN_OWNER: there is no active user nobody@demo.local',
      ],
      [
        'Note_Long',
        expect.stringContaining('addNote: subject must be shorter than or equal to 300'),
      ],
    ]);
  });

  it('stop at an incident when FEEL yields what the API refuses', async () => {
    const xml = linearDiagram('crm-actions-bad-amount', [
      startEvent('Start'),
      '<bpmn:serviceTask id="Deal"><bpmn:extensionElements>' +
        '<flowcard:action type="createDeal" title="Odd amount" amount="=amount" />' +
        '</bpmn:extensionElements></bpmn:serviceTask>',
      endEvent('End'),
    ]);
    const deployed = await postDiagram(flowcard, tokens.analyst, xml);
    expect(deployed.status).toBe(201);
    const clientId = await createClient('Odd Amounts Ltd');
    const instanceId = await startInstance(deployed.body.id, clientId, { amount: -3 });
    // The step's batch is refused for good: Temporal does not retry it, the step stops at an
    // incident with the domain code, and nothing of the batch is written.
    const card = await ended(instanceId);
    expect(card.status).toBe('incident');
    expect(card.incidents).toEqual([
      expect.objectContaining({
        elementId: 'Deal',
        code: 'DEAL_INVALID',
        attempts: 1,
        message: expect.stringContaining('amount must be an amount of at least 0'),
      }),
    ]);
    const deals = await as('supervisor', 'GET', `/api/deals?clientId=${clientId}`);
    expect(deals.body.items).toEqual([]);
  });
});
