/**
 * Incidents end to end, on the real API, a real Temporal worker and a real Postgres: a step that
 * cannot proceed stops at an incident on its element (listed, on the card, live), a supervisor
 * corrects the variables and retries, and the instance completes with each side effect once.
 */
import type { Socket } from 'socket.io-client';
import type { LiveEvent } from '#server/live/live-event';
import {
  crmTaskStep,
  endEvent,
  linearDiagram,
  startEvent,
  timerEvent,
  userTask,
} from './harness/diagrams';
import { eventually, unique, useFlowcard } from './harness';

jest.setTimeout(90_000);

const { flowcard, tokens, as, newClient, deploy } = useFlowcard();

const statusStep = (id: string, status: string) =>
  `<bpmn:serviceTask id="${id}"><bpmn:extensionElements>` +
  `<flowcard:action type="setClientStatus" status="${status}" /></bpmn:extensionElements></bpmn:serviceTask>`;

interface IncidentItem {
  id: string;
  instanceId: string;
  elementId: string | null;
  code: string;
  message: string;
  attempts: number;
  resolvedAt: string | null;
  resolvedById: string | null;
  resolution: string | null;
}

const card = async (instanceId: string) =>
  (await as('supervisor', 'GET', `/api/process-instances/${instanceId}`)).body;

/** The card once the instance has the status. */
const cardWhen = (instanceId: string, status: string) =>
  eventually(async () => {
    const current = await card(instanceId);
    return current.status === status && current;
  });

async function start(definitionId: string, clientId: string, variables = {}) {
  const started = await as('manager', 'POST', '/api/process-instances', {
    definitionId,
    clientId,
    variables,
  });
  expect(started.status).toBe(201);
  return started.body.id as string;
}

function collect(socket: Socket): LiveEvent[] {
  const events: LiveEvent[] = [];
  socket.on('event', (event: LiveEvent) => {
    if (!events.some((seen) => seen.id === event.id)) events.push(event);
  });
  return events;
}

const retry = (caller: 'supervisor' | 'manager', instanceId: string, incidentId: string) =>
  as(caller, 'POST', `/api/process-instances/${instanceId}/incidents/${incidentId}/retry`, {});

describe('a service step the CRM refuses', () => {
  it('stops at an incident; the supervisor corrects the variable and retries, once', async () => {
    const key = unique('incident-status').replace(/\W/g, '-');
    const definition = await deploy(
      linearDiagram(key, [
        startEvent('Start'),
        userTask('Task_Review', 'Review the lead'),
        statusStep('Step_Status', '=nextStatus'),
        crmTaskStep('Step_Welcome', 'Welcome call'),
        endEvent('End'),
      ]),
    );
    const client = await newClient('manager', { name: unique('Incident Ltd') });
    const instanceId = await start(definition.id, client.id);
    const socket = await flowcard.socket(tokens.supervisor);
    const live = collect(socket);
    expect(await socket.emitWithAck('subscribe', { room: `instance:${instanceId}` })).toEqual({
      ok: true,
      room: `instance:${instanceId}`,
    });

    const task = await eventually(
      async () =>
        (await as('manager', 'GET', `/api/tasks?role=manager&instanceId=${instanceId}`)).body
          .items[0],
    );
    const completion = await as('manager', 'POST', `/api/tasks/${task.id}/complete`, {
      variables: { nextStatus: 'vip' },
    });
    expect(completion.status).toBe(200);

    const stopped = await cardWhen(instanceId, 'incident');
    expect(stopped.incidents).toEqual([
      expect.objectContaining({
        elementId: 'Step_Status',
        code: 'UNKNOWN_STATUS',
        message: expect.stringContaining('vip'),
        attempts: 1,
        resolvedAt: null,
      }),
    ]);
    // The completion's answer is kept where the supervisor can correct it; its step is held.
    expect(stopped.variables).toEqual({ nextStatus: 'vip' });
    expect(stopped.openTasks.map((open: { id: string }) => open.id)).toEqual([task.id]);
    const [incident] = stopped.incidents as IncidentItem[];

    const listed = await as('supervisor', 'GET', `/api/incidents?definitionKey=${key}&open=true`);
    expect(listed.status).toBe(200);
    expect(listed.body.items).toEqual([
      expect.objectContaining({ id: incident.id, instanceId, definitionKey: key }),
    ]);
    const byStatus = await as('supervisor', 'GET', `/api/process-instances?status=incident`);
    expect(byStatus.body.items.map((item: { id: string }) => item.id)).toContain(instanceId);
    await eventually(async () =>
      live.some((event) => event.type === 'incident.created' && event.elementId === 'Step_Status'),
    );

    // Only supervisors and admins retry; completing the task again joins the held completion
    // (the same update id) and changes nothing.
    const refused = await retry('manager', instanceId, incident.id);
    expect(refused.status).toBe(403);
    const again = await as('manager', 'POST', `/api/tasks/${task.id}/complete`, {
      variables: { nextStatus: 'active' },
    });
    expect(again.status).toBe(200);
    expect(await card(instanceId)).toMatchObject({
      status: 'incident',
      variables: { nextStatus: 'vip' },
    });

    const changed = await as(
      'supervisor',
      'PATCH',
      `/api/process-instances/${instanceId}/variables`,
      {
        variables: { nextStatus: 'potential' },
      },
    );
    expect(changed.status).toBe(200);
    expect(changed.body.status).toBe('incident');

    const retried = await retry('supervisor', instanceId, incident.id);
    expect(retried.status).toBe(200);
    const done = await cardWhen(instanceId, 'completed');
    const me = (await as('supervisor', 'GET', '/api/me')).body;
    expect(done.incidents).toEqual([
      expect.objectContaining({
        id: incident.id,
        resolution: 'retried',
        resolvedById: me.id,
        resolvedAt: expect.any(String),
      }),
    ]);
    const types = done.events.map((event: { type: string }) => event.type);
    expect(types.filter((type: string) => type === 'client.status_changed')).toHaveLength(1);
    expect(types.filter((type: string) => type === 'task.completed')).toHaveLength(1);
    expect(types.filter((type: string) => type === 'activity.created')).toHaveLength(1);
    const clientCard = (await as('manager', 'GET', `/api/clients/${client.id}/card`)).body;
    expect(clientCard.client.status).toBe('potential');
    const completedTask = (await as('manager', 'GET', `/api/tasks/${task.id}`)).body;
    expect(completedTask).toMatchObject({
      status: 'completed',
      completionVariables: { nextStatus: 'potential' },
    });
    await eventually(async () => live.some((event) => event.type === 'incident.resolved'));
    // Completed now, it is still found among the instances that had an incident.
    const hadIncident = await as(
      'supervisor',
      'GET',
      `/api/process-instances?definitionKey=${key}&withIncident=true`,
    );
    expect(hadIncident.body.items.map((item: { id: string }) => item.id)).toEqual([instanceId]);
    const other = await start(definition.id, client.id);
    const withoutFilter = await as(
      'supervisor',
      'GET',
      `/api/process-instances?definitionKey=${key}`,
    );
    expect(withoutFilter.body.items.map((item: { id: string }) => item.id)).toContain(other);
    const refusedFilter = await as('supervisor', 'GET', '/api/process-instances?withIncident=yes');
    expect(refusedFilter.status).toBe(400);

    const twice = await retry('supervisor', instanceId, incident.id);
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('INCIDENT_NOT_OPEN');
    socket.disconnect();
  });
});

describe('an expression that fails', () => {
  const subjectDiagram = (key: string) =>
    linearDiagram(key, [
      startEvent('Start'),
      crmTaskStep('Step_Call', '=subject'),
      endEvent('End'),
    ]);

  it('stops the start at an incident, and a retry with the corrected variable completes', async () => {
    const key = unique('incident-feel').replace(/\W/g, '-');
    const definition = await deploy(subjectDiagram(key));
    const client = await newClient('manager', { name: unique('Feel Ltd') });
    const instanceId = await start(definition.id, client.id, { subject: 3 });
    const stopped = await cardWhen(instanceId, 'incident');
    expect(stopped.incidents).toEqual([
      expect.objectContaining({
        elementId: 'Step_Call',
        code: 'EXPRESSION_FAILED',
        message: 'subject must be text, got 3',
      }),
    ]);
    const [incident] = stopped.incidents as IncidentItem[];

    // Retried unchanged, the step fails again: a new incident replaces the first.
    expect((await retry('supervisor', instanceId, incident.id)).status).toBe(200);
    const again = await cardWhen(instanceId, 'incident');
    expect(again.incidents).toHaveLength(2);
    expect(again.incidents[0]).toMatchObject({ id: incident.id, resolution: 'retried' });
    const second = again.incidents[1] as IncidentItem;
    expect(second).toMatchObject({ elementId: 'Step_Call', resolvedAt: null });

    await as('supervisor', 'PATCH', `/api/process-instances/${instanceId}/variables`, {
      variables: { subject: 'Call about the offer' },
    });
    expect((await retry('supervisor', instanceId, second.id)).status).toBe(200);
    const done = await cardWhen(instanceId, 'completed');
    expect(done.incidents[1]).toMatchObject({ id: second.id, resolution: 'retried' });
    const activities = await as('manager', 'GET', `/api/activities?clientId=${client.id}`);
    expect(activities.body.items.map((item: { subject: string }) => item.subject)).toEqual([
      'Call about the offer',
    ]);
  });

  it('cancels an instance in incident, resolving the incident', async () => {
    const key = unique('incident-cancel').replace(/\W/g, '-');
    const definition = await deploy(subjectDiagram(key));
    const client = await newClient('manager', { name: unique('Cancel Ltd') });
    const instanceId = await start(definition.id, client.id, {});
    const stopped = await cardWhen(instanceId, 'incident');
    const cancelled = await as(
      'supervisor',
      'POST',
      `/api/process-instances/${instanceId}/cancel`,
      {
        reason: 'wrong lead',
      },
    );
    expect(cancelled.status).toBe(200);
    const done = await cardWhen(instanceId, 'cancelled');
    expect(done.incidents).toEqual([
      expect.objectContaining({ id: stopped.incidents[0].id, resolution: 'cancelled' }),
    ]);
    const open = await as('supervisor', 'GET', `/api/incidents?definitionKey=${key}&open=true`);
    expect(open.body.items).toEqual([]);
  });
});

describe('a timer beside an incident', () => {
  /** A review that fails at its status step, beside a three-second timer that creates a task. */
  const forkedDiagram = (key: string) =>
    [
      `<?xml version="1.0" encoding="UTF-8"?>`,
      `<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" ` +
        `xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ` +
        `xmlns:flowcard="http://flowcard.dev/schema/bpmn" id="D_${key}" targetNamespace="http://flowcard.dev/test">`,
      `<bpmn:process id="${key}" isExecutable="true">`,
      startEvent('Start'),
      `<bpmn:parallelGateway id="Fork" />`,
      timerEvent('Timer', 'PT3S'),
      crmTaskStep('Step_AfterTimer', 'After the timer'),
      endEvent('End_Timer'),
      userTask('Task_Review', 'Review the lead'),
      statusStep('Step_Status', '=nextStatus'),
      endEvent('End_Review'),
      ...[
        ['Start', 'Fork'],
        ['Fork', 'Timer'],
        ['Timer', 'Step_AfterTimer'],
        ['Step_AfterTimer', 'End_Timer'],
        ['Fork', 'Task_Review'],
        ['Task_Review', 'Step_Status'],
        ['Step_Status', 'End_Review'],
      ].map(
        ([from, to], index) =>
          `<bpmn:sequenceFlow id="F${index}" sourceRef="${from}" targetRef="${to}" />`,
      ),
      `</bpmn:process>`,
      `</bpmn:definitions>`,
    ].join('\n');

  it('holds a timer that fires while the incident is open, and fires it after the retry', async () => {
    const key = unique('incident-timer').replace(/\W/g, '-');
    const definition = await deploy(forkedDiagram(key));
    const client = await newClient('manager', { name: unique('Timer Ltd') });
    const instanceId = await start(definition.id, client.id);
    const task = await eventually(
      async () =>
        (await as('manager', 'GET', `/api/tasks?role=manager&instanceId=${instanceId}`)).body
          .items[0],
    );
    await as('manager', 'POST', `/api/tasks/${task.id}/complete`, {
      variables: { nextStatus: 'vip' },
    });
    const stopped = await cardWhen(instanceId, 'incident');
    // Past the timer's three seconds, so that it fires while the incident is open.
    await new Promise((resolve) => setTimeout(resolve, 3500));
    await as('supervisor', 'PATCH', `/api/process-instances/${instanceId}/variables`, {
      variables: { nextStatus: 'potential' },
    });
    expect((await retry('supervisor', instanceId, stopped.incidents[0].id)).status).toBe(200);
    const done = await cardWhen(instanceId, 'completed');
    const types = done.events.map((event: { type: string }) => event.type);
    expect(types.filter((type: string) => type === 'activity.created')).toHaveLength(1);
    expect(types.filter((type: string) => type === 'client.status_changed')).toHaveLength(1);
    // The timer's step ran only once the incident was resolved.
    const timerDone = done.events.findIndex(
      (event: { type: string; elementId: string }) =>
        event.type === 'element.completed' && event.elementId === 'Timer',
    );
    expect(timerDone).toBeGreaterThan(types.indexOf('incident.resolved'));
  });
});
