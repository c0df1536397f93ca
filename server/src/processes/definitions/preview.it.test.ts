/**
 * What a diagram would do before it is deployed: the dry run on the engine in memory, and the
 * change impact of a would-be next version on the running instances of its key.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Like } from 'typeorm';
import { endEvent, linearDiagram, startEvent, userTask } from '#test/harness/diagrams';
import { useFlowcard } from '#test/harness/index';
import { InstanceEvent } from '../instances/instance-event.entity';
import { UserTask } from '../tasks/user-task.entity';

const { flowcard, as, newClient, startInstance, deploy } = useFlowcard();

const workflows = join(__dirname, '../../../../workflows');
const demoXml = readFileSync(join(workflows, 'bpmn/fixtures/application-handling.bpmn'), 'utf8');
const discountXml = readFileSync(
  join(workflows, 'simulation/fixtures/discount-approval.bpmn'),
  'utf8',
);
const orderXml = readFileSync(join(workflows, 'simulation/fixtures/order-fulfilment.bpmn'), 'utf8');
const badFeelXml = readFileSync(join(workflows, 'bpmn/fixtures/invalid-bad-feel.bpmn'), 'utf8');
const HOUR_MS = 3600_000;

const completedElements = (body: { path: { event: string; elementId: string }[] }) =>
  body.path.filter((entry) => entry.event === 'completed').map((entry) => entry.elementId);

describe('POST /api/process-definitions/simulate', () => {
  const simulate = (body: object, who: 'analyst' | 'admin' | 'manager' = 'analyst') =>
    as(who, 'POST', '/api/process-definitions/simulate', body);

  it('runs both branches of the demo and writes nothing', async () => {
    const qualified = await simulate({
      bpmnXml: demoXml,
      variables: { followUpDelay: 'PT2H' },
      script: {
        userTasks: { Task_QualifyApplication: [{ qualified: true }], Task_CloseApplication: [{}] },
      },
    });
    expect(qualified.status).toBe(200);
    expect(qualified.body).toMatchObject({
      status: 'completed',
      stoppedBecause: 'ended',
      error: null,
      elapsedMs: 2 * HOUR_MS,
      waitingFor: [],
    });
    expect(completedElements(qualified.body)).toEqual([
      'StartEvent_ApplicationReceived',
      'Task_QualifyApplication',
      'Gateway_Qualified',
      'Task_MarkPotential',
      'Task_CloseApplication',
      'Timer_FollowUp',
      'Task_FollowUpCall',
      'EndEvent_FollowedUp',
    ]);
    expect(qualified.body.effects).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: 'openUserTask', elementId: 'Task_QualifyApplication' }),
        expect.objectContaining({
          type: 'setClientStatus',
          status: 'potential',
          elementId: 'Task_MarkPotential',
        }),
        expect.objectContaining({
          type: 'createActivity',
          activityKind: 'call',
          subject: 'Ask how things are going',
        }),
      ]),
    );
    expect(qualified.body.steps.at(-1)).toMatchObject({
      trigger: { type: 'timerFired', elementId: 'Timer_FollowUp' },
      elapsedMs: 2 * HOUR_MS,
      variables: { followUpDelay: 'PT2H', qualified: true },
    });

    const rejected = await simulate({
      bpmnXml: demoXml,
      script: { userTasks: { Task_QualifyApplication: [{ qualified: false }] } },
    });
    expect(rejected.status).toBe(200);
    expect(completedElements(rejected.body)).toEqual([
      'StartEvent_ApplicationReceived',
      'Task_QualifyApplication',
      'Gateway_Qualified',
      'Task_MarkLost',
      'EndEvent_Rejected',
    ]);
    expect(rejected.body.effects).toContainEqual(
      expect.objectContaining({ type: 'setClientStatus', status: 'lost' }),
    );

    // Every key of a dry run starts with "simulation:": had anything been written, it would show.
    const manager = flowcard.dataSource.manager;
    expect(await manager.countBy(InstanceEvent, { idempotencyKey: Like('simulation:%') })).toBe(0);
    expect(await manager.countBy(UserTask, { waitKey: Like('simulation:%') })).toBe(0);
  });

  it('stops at a held timer and says what it waits for', async () => {
    const response = await simulate({
      bpmnXml: demoXml,
      script: {
        userTasks: { Task_QualifyApplication: [{ qualified: true }], Task_CloseApplication: [{}] },
        timers: { Timer_FollowUp: 'wait' },
      },
    });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ status: 'running', stoppedBecause: 'waiting' });
    expect(response.body.waitingFor).toEqual([
      expect.objectContaining({
        kind: 'timer',
        elementId: 'Timer_FollowUp',
        elementName: '7 days later',
        dueInMs: 7 * 24 * HOUR_MS,
      }),
    ]);
  });

  it('reports a gateway whose conditions all fail at run time', async () => {
    const response = await simulate({ bpmnXml: discountXml, variables: {} }, 'admin');
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      status: 'incident',
      stoppedBecause: 'incident',
      error: { elementId: 'Gateway_Amount', message: expect.stringContaining('no condition') },
    });
    // The start is held whole by the incident: no element of it ran.
    expect(response.body.path).toEqual([]);
  });

  it('refuses a diagram that does not compile, with element ids, and a wrong script', async () => {
    const invalid = await simulate({ bpmnXml: badFeelXml });
    expect(invalid.status).toBe(400);
    expect(invalid.body.code).toBe('BPMN_INVALID');
    expect(invalid.body.details).toContainEqual(
      expect.objectContaining({ elementId: 'Task_Call', line: expect.any(Number) }),
    );

    const script = await simulate({
      bpmnXml: demoXml,
      script: { userTasks: { Task_Nope: [{}] }, timers: { Timer_FollowUp: 'later' } },
    });
    expect(script.status).toBe(400);
    expect(script.body.code).toBe('SIMULATION_SCRIPT_INVALID');
    expect(script.body.details).toEqual([
      'userTasks: the diagram has no element "Task_Nope"',
      'timers.Timer_FollowUp must be "fire" or "wait"',
    ]);

    const limit = await simulate({ bpmnXml: demoXml, script: { maxSteps: 0 } });
    expect(limit.status).toBe(400);
    expect(limit.body.code).toBe('VALIDATION_FAILED');
  });

  it('runs boundary events on a task and on a subprocess, with their simulated time', async () => {
    const overdue = await simulate({ bpmnXml: orderXml, variables: { amount: 5000 } });
    expect(overdue.status).toBe(200);
    expect(overdue.body).toMatchObject({
      status: 'completed',
      stoppedBecause: 'ended',
      elapsedMs: 48 * HOUR_MS,
    });
    expect(completedElements(overdue.body)).toEqual([
      'Start',
      'Gateway_Amount',
      'Boundary_ApprovalOverdue',
      'Task_Escalate',
      'End_Escalated',
    ]);
    expect(overdue.body.effects).toContainEqual(
      expect.objectContaining({ type: 'cancelUserTask', elementId: 'Task_Approve' }),
    );

    const outOfStock = await simulate({
      bpmnXml: orderXml,
      variables: { amount: 500 },
      script: {
        userTasks: { Task_Pack: [{ outOfStock: true }] },
        timers: { Boundary_Slow: 'wait' },
      },
    });
    expect(outOfStock.body).toMatchObject({ status: 'completed', stoppedBecause: 'ended' });
    expect(completedElements(outOfStock.body).slice(-4)).toEqual([
      'End_OutOfStock',
      'Boundary_OutOfStock',
      'Task_Apologise',
      'End_Cancelled',
    ]);
    // The subprocess ended unfinished: its cycle timer never fired.
    expect(completedElements(outOfStock.body)).not.toContain('Sub_Fulfil');
    expect(completedElements(outOfStock.body)).not.toContain('Boundary_Slow');

    const slow = await simulate({ bpmnXml: orderXml, variables: { amount: 500 } });
    expect(slow.body).toMatchObject({ stoppedBecause: 'waiting', elapsedMs: 48 * HOUR_MS });
    expect(
      slow.body.effects.filter(
        (effect: { type: string; subject?: string }) =>
          effect.type === 'createActivity' && effect.subject === 'Chase the warehouse',
      ),
    ).toHaveLength(2);
  });

  it('is for analysts and admins', async () => {
    expect((await simulate({ bpmnXml: demoXml }, 'manager')).status).toBe(403);
  });

  it('goes through a call activity into the deployed process it calls, latest or pinned', async () => {
    const childKey = `credit-check-${randomUUID().slice(0, 8)}`;
    const fixture = (name: string) =>
      readFileSync(join(workflows, 'bpmn/fixtures', name), 'utf8').replaceAll(
        'element-called-credit-check',
        childKey,
      );
    const callerXml = fixture('element-call-activity.bpmn');
    const childXml = fixture('element-called-credit-check.bpmn');
    const run = (bpmnXml: string) =>
      simulate({
        bpmnXml,
        variables: { orderAmount: 1000 },
        script: { userTasks: { [`${childKey}/Task_Rate`]: [{ rating: 'good' }] } },
      });

    // Without a script: one naming the called process's elements would be refused first.
    const undeployed = await simulate({ bpmnXml: callerXml, variables: { orderAmount: 1000 } });
    expect(undeployed.status).toBe(400);
    expect(undeployed.body).toMatchObject({
      code: 'CALLED_PROCESS_NOT_DEPLOYED',
      details: [{ elementId: 'Call_CreditCheck' }],
    });
    expect(undeployed.body.message).toContain(`"${childKey}"`);

    await deploy(childXml);
    await deploy(childXml.replace('=amount * 2', '=amount * 3'));
    const latest = await run(callerXml);
    expect(latest.status).toBe(200);
    expect(latest.body).toMatchObject({ status: 'completed', stoppedBecause: 'ended' });
    expect(completedElements(latest.body)).toEqual([
      'Start',
      'Call_CreditCheck',
      'Task_Offer',
      'End',
    ]);
    expect(latest.body.steps.at(-1).variables).toEqual({ orderAmount: 1000, creditLimit: 3000 });
    expect(latest.body.calls).toEqual([
      expect.objectContaining({
        elementId: 'Call_CreditCheck',
        processKey: childKey,
        version: 2,
        result: expect.objectContaining({ status: 'completed', calls: [] }),
      }),
    ]);
    expect(completedElements(latest.body.calls[0].result)).toEqual([
      'Start',
      'Task_Rate',
      'Gateway_Rating',
      'Script_Limit',
      'End',
    ]);
    expect(latest.body.calls[0].result.effects).toContainEqual(
      expect.objectContaining({ type: 'openUserTask', elementId: 'Task_Rate' }),
    );

    const pinned = await run(callerXml.replace('version="latest"', 'version="1"'));
    expect(pinned.body.calls[0].version).toBe(1);
    expect(pinned.body.steps.at(-1).variables.creditLimit).toBe(2000);
    // A dry run: no instance of the called process was written.
    const written = await flowcard.dataSource.query(
      `SELECT count(*)::int AS n FROM process_instances i
         JOIN process_definitions d ON d.id = i.definition_id WHERE d.key = $1`,
      [childKey],
    );
    expect(written[0].n).toBe(0);
  });

  it('refuses a process that calls itself without end', async () => {
    const key = `endless-${randomUUID().slice(0, 8)}`;
    const endless = linearDiagram(key, [
      startEvent('Start'),
      `<bpmn:callActivity id="Call_Again"><bpmn:extensionElements>
         <flowcard:calledElement processKey="${key}" version="latest" />
       </bpmn:extensionElements></bpmn:callActivity>`,
      endEvent('End'),
    ]);
    const refused = await simulate({ bpmnXml: endless });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({
      code: 'SIMULATION_CALL_DEPTH_EXCEEDED',
      details: [{ elementId: 'Call_Again' }],
    });
  });
});

describe('POST /api/process-definitions/impact', () => {
  const impact = (bpmnXml: string, who: 'analyst' | 'manager' = 'analyst') =>
    as(who, 'POST', '/api/process-definitions/impact', { bpmnXml });

  it('counts the instances per element and lists those a v2 without their task strands', async () => {
    const key = `impact-${randomUUID().slice(0, 8)}`;
    await deploy(
      linearDiagram(key, [
        startEvent('Start'),
        userTask('Task_Qualify', 'Qualify'),
        userTask('Task_Close', 'Close'),
        endEvent('End'),
      ]),
    );
    const client = await newClient('manager');
    const waitingInQualify = [await startInstance(key, client), await startInstance(key, client)];
    const movedOn = await startInstance(key, client);
    expect((await as('manager', 'POST', `/api/tasks/${movedOn.task.id}/complete`, {})).status).toBe(
      200,
    );
    const finished = await startInstance(key, client);
    await as('manager', 'POST', `/api/tasks/${finished.task.id}/complete`, {});
    const closing = await as('manager', 'GET', `/api/tasks?instanceId=${finished.instance.id}`);
    await as('manager', 'POST', `/api/tasks/${closing.body.items[0].id}/complete`, {});

    const withoutQualify = linearDiagram(key, [
      startEvent('Start'),
      userTask('Task_Close', 'Close'),
      endEvent('End'),
    ]);
    const response = await impact(withoutQualify);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ key, latestVersion: 1, runningInstances: 3 });
    expect(response.body.elements).toEqual([
      {
        elementId: 'Task_Qualify',
        elementName: 'Qualify',
        kind: 'userTask',
        instances: 2,
        versions: [1],
        newKind: null,
        change: 'removed',
      },
      {
        elementId: 'Task_Close',
        elementName: 'Close',
        kind: 'userTask',
        instances: 1,
        versions: [1],
        newKind: 'userTask',
        change: 'unchanged',
      },
    ]);
    expect(
      response.body.instancesNeedingMapping.map(
        (instance: { instanceId: string }) => instance.instanceId,
      ),
    ).toEqual(expect.arrayContaining(waitingInQualify.map(({ instance }) => instance.id)));
    expect(response.body.instancesNeedingMapping).toHaveLength(2);
    expect(response.body.instancesNeedingMapping[0]).toMatchObject({
      clientId: client.id,
      version: 1,
      elementIds: ['Task_Qualify'],
    });

    // The same ids, but Close became a service task: its instance needs a mapping too.
    const closeAutomated = linearDiagram(key, [
      startEvent('Start'),
      userTask('Task_Qualify', 'Qualify'),
      '<bpmn:serviceTask id="Task_Close"><bpmn:extensionElements>' +
        '<flowcard:action type="setClientStatus" status="potential" />' +
        '</bpmn:extensionElements></bpmn:serviceTask>',
      endEvent('End'),
    ]);
    const changed = await impact(closeAutomated);
    expect(changed.body.elements).toEqual([
      expect.objectContaining({ elementId: 'Task_Qualify', instances: 2, change: 'unchanged' }),
      expect.objectContaining({
        elementId: 'Task_Close',
        instances: 1,
        newKind: 'serviceTask',
        change: 'kindChanged',
      }),
    ]);
    expect(changed.body.instancesNeedingMapping).toEqual([
      {
        instanceId: movedOn.instance.id,
        clientId: client.id,
        version: 1,
        elementIds: ['Task_Close'],
      },
    ]);
  });

  it('counts instances waiting inside a subprocess, and the subprocess a v2 renames', async () => {
    const key = `impact-order-${randomUUID().slice(0, 8)}`;
    const v1 = orderXml.replace('id="order-fulfilment"', `id="${key}"`);
    await deploy(v1);
    const client = await newClient('manager');
    const approving = await startInstance(key, client, { amount: 5000 });
    expect(approving.task.name).toBe('Approve order');
    const packing = await startInstance(key, client, { amount: 500 });
    expect(packing.task.name).toBe('Pack order');

    const sameDiagram = await impact(v1);
    expect(sameDiagram.body).toMatchObject({ key, latestVersion: 1, runningInstances: 2 });
    expect(sameDiagram.body.elements).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ elementId: 'Task_Approve', instances: 1, change: 'unchanged' }),
        expect.objectContaining({
          elementId: 'Sub_Fulfil',
          kind: 'subProcess',
          instances: 1,
          change: 'unchanged',
        }),
        expect.objectContaining({ elementId: 'Task_Pack', instances: 1, change: 'unchanged' }),
      ]),
    );
    expect(sameDiagram.body.elements).toHaveLength(3);
    expect(sameDiagram.body.instancesNeedingMapping).toEqual([]);

    const renamed = await impact(v1.replaceAll('Sub_Fulfil', 'Sub_Fulfilment'));
    expect(renamed.status).toBe(200);
    expect(renamed.body.elements).toContainEqual({
      elementId: 'Sub_Fulfil',
      elementName: 'Fulfil',
      kind: 'subProcess',
      instances: 1,
      versions: [1],
      newKind: null,
      change: 'removed',
    });
    expect(renamed.body.instancesNeedingMapping).toEqual([
      {
        instanceId: packing.instance.id,
        clientId: client.id,
        version: 1,
        elementIds: ['Sub_Fulfil'],
      },
    ]);

    // Packing as a plain task (no longer waiting for a person) changes its kind.
    const automated = await impact(
      v1.replace(
        /<bpmn:userTask id="Task_Pack"[\s\S]*?<\/bpmn:userTask>/,
        '<bpmn:task id="Task_Pack" name="Pack order" />',
      ),
    );
    expect(automated.body.elements).toContainEqual(
      expect.objectContaining({ elementId: 'Task_Pack', newKind: 'task', change: 'kindChanged' }),
    );
    expect(automated.body.instancesNeedingMapping).toEqual([
      expect.objectContaining({ instanceId: packing.instance.id, elementIds: ['Task_Pack'] }),
    ]);
  });

  it('answers an empty impact for a key nothing runs, and refuses what does not compile', async () => {
    const key = `impact-new-${randomUUID().slice(0, 8)}`;
    const fresh = await impact(linearDiagram(key, [startEvent('Start'), endEvent('End')]));
    expect(fresh.body).toEqual({
      key,
      latestVersion: null,
      runningInstances: 0,
      elements: [],
      instancesNeedingMapping: [],
    });
    const invalid = await impact(badFeelXml);
    expect(invalid.status).toBe(400);
    expect(invalid.body.code).toBe('BPMN_INVALID');
    expect((await impact(demoXml, 'manager')).status).toBe(403);
  });
});
