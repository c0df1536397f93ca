/**
 * What reaches the wait of an instance in incident: a process that waits at a catch event on
 * one branch while, on the other, a manager's review sets the client's status to what it
 * answered (`nextStatus`). An unknown status stops that step at an incident while the first
 * branch still waits; correcting the answer and retrying ends the incident.
 */
import { eventually } from '#scripts/lib/in-process';
import { startedElements, type useBpmnFlowcard } from './bpmn';

/** The diagram: `catchEvent` is the waiting element's XML, with the id `catchId`. */
export function waitAcrossIncidentXml(diagram: {
  processId: string;
  catchId: string;
  catchEvent: string;
  /** Root elements before the process, such as `bpmn:message`. */
  roots?: string;
}): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
                  xmlns:flowcard="http://flowcard.dev/schema/bpmn"
                  id="Definitions_${diagram.processId}" targetNamespace="http://flowcard.dev/processes">
  ${diagram.roots ?? ''}
  <bpmn:process id="${diagram.processId}" name="Waits across an incident" isExecutable="true">
    <bpmn:startEvent id="Start" />
    <bpmn:parallelGateway id="Fork" />
    ${diagram.catchEvent}
    <bpmn:userTask id="Task_Review" name="Review">
      <bpmn:extensionElements>
        <flowcard:taskDefinition candidateRole="manager" />
      </bpmn:extensionElements>
    </bpmn:userTask>
    <bpmn:serviceTask id="Step_Status">
      <bpmn:extensionElements>
        <flowcard:action type="setClientStatus" status="=nextStatus" />
      </bpmn:extensionElements>
    </bpmn:serviceTask>
    <bpmn:parallelGateway id="Join" />
    <bpmn:endEvent id="End" />
    <bpmn:sequenceFlow id="Flow_1" sourceRef="Start" targetRef="Fork" />
    <bpmn:sequenceFlow id="Flow_2" sourceRef="Fork" targetRef="${diagram.catchId}" />
    <bpmn:sequenceFlow id="Flow_3" sourceRef="Fork" targetRef="Task_Review" />
    <bpmn:sequenceFlow id="Flow_4" sourceRef="Task_Review" targetRef="Step_Status" />
    <bpmn:sequenceFlow id="Flow_5" sourceRef="${diagram.catchId}" targetRef="Join" />
    <bpmn:sequenceFlow id="Flow_6" sourceRef="Step_Status" targetRef="Join" />
    <bpmn:sequenceFlow id="Flow_7" sourceRef="Join" targetRef="End" />
  </bpmn:process>
</bpmn:definitions>`;
}

/** Starting such an instance, stopping it at its incident, and retrying it, as the demo users. */
export function incidentBranch(harness: ReturnType<typeof useBpmnFlowcard>) {
  const { as, startInstance, instanceCard, openTask, completeTask, ended } = harness;

  /** The card once the instance has the status. */
  const cardWhen = (instanceId: string, status: string) =>
    eventually(async () => {
      const card = await instanceCard(instanceId);
      return card.status === status && card;
    });

  /** Starts the instance and stops its review step at an incident while it waits at `catchId`. */
  async function waitingInIncident(
    definitionId: string,
    clientId: string,
    catchId: string,
    variables?: Record<string, unknown>,
  ) {
    const instanceId = await startInstance(definitionId, clientId, variables);
    await eventually(async () =>
      startedElements((await instanceCard(instanceId)).events).includes(catchId),
    );
    const review = await openTask(instanceId, 'Review');
    await completeTask(review.id, { nextStatus: 'vip' });
    const card = await cardWhen(instanceId, 'incident');
    expect(card.incidents).toEqual([expect.objectContaining({ elementId: 'Step_Status' })]);
    return { instanceId, incidentId: card.incidents[0].id as string };
  }

  /** Corrects the review's answer to `nextStatus` and retries the step; the card once ended. */
  async function retried(instanceId: string, incidentId: string, nextStatus: string) {
    const corrected = await as(
      'supervisor',
      'PATCH',
      `/api/process-instances/${instanceId}/variables`,
      { variables: { nextStatus } },
    );
    expect(corrected.status).toBe(200);
    const retry = await as(
      'supervisor',
      'POST',
      `/api/process-instances/${instanceId}/incidents/${incidentId}/retry`,
      {},
    );
    expect(retry.status).toBe(200);
    return ended(instanceId);
  }

  /** Cancels the instance in incident instead; the card once it is cancelled. */
  async function cancelledInstead(instanceId: string) {
    const cancelled = await as(
      'supervisor',
      'POST',
      `/api/process-instances/${instanceId}/cancel`,
      {
        reason: 'Not needed',
      },
    );
    expect(cancelled.status).toBe(200);
    return cardWhen(instanceId, 'cancelled');
  }

  return { waitingInIncident, retried, cancelledInstead };
}
