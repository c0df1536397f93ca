import { compileBpmn } from '../compiler';

/** A process with a user task and an event subprocess holding `start` and `extra`. */
const withEventSubProcess = (
  start: string,
  { extra = '', attributes = '' }: { extra?: string; attributes?: string } = {},
) => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
    xmlns:flowcard="http://flowcard.dev/schema/bpmn" id="Definitions" targetNamespace="http://test">
<bpmn:error id="Err" errorCode="E" />
<bpmn:message id="Msg" name="m" />
<bpmn:process id="p" isExecutable="true">
<bpmn:startEvent id="Start" />
<bpmn:userTask id="Task" />
<bpmn:endEvent id="End" />
<bpmn:sequenceFlow id="Flow_1" sourceRef="Start" targetRef="Task" />
<bpmn:sequenceFlow id="Flow_2" sourceRef="Task" targetRef="End" />
<bpmn:subProcess id="Events" triggeredByEvent="true"${attributes}>
${start}
<bpmn:endEvent id="Events_End" />
<bpmn:sequenceFlow id="Events_Flow" sourceRef="Events_Start" targetRef="Events_End" />
</bpmn:subProcess>
${extra}
</bpmn:process>
</bpmn:definitions>`;

async function errorsOf(xml: string) {
  const result = await compileBpmn(xml);
  if (result.ok) throw new Error('expected the diagram to be rejected');
  return result.errors.map(({ elementId, message }) => [elementId, message]);
}

describe('event subprocesses', () => {
  it('compile with the trigger of their start event, which runs as a none start event', async () => {
    const result = await compileBpmn(
      withEventSubProcess(
        '<bpmn:startEvent id="Events_Start" isInterrupting="false"><bpmn:extensionElements>' +
          '<flowcard:subscription correlationKey="=clientId" /></bpmn:extensionElements>' +
          '<bpmn:messageEventDefinition messageRef="Msg" /></bpmn:startEvent>',
      ),
    );
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.model.nodes.Events).toMatchObject({
      kind: 'eventSubProcess',
      startNodeId: 'Events_Start',
      nodeIds: ['Events_Start', 'Events_End'],
      interrupting: false,
      trigger: { kind: 'message', messageName: 'm', correlationKey: '=clientId' },
    });
    expect(result.model.nodes.Events_Start.kind).toBe('startEvent');
    expect(result.model.startNodeId).toBe('Start');
  });

  it.each([
    [
      '<bpmn:startEvent id="Events_Start" />',
      'the start event of an event subprocess carries one of bpmn:TimerEventDefinition, bpmn:MessageEventDefinition, bpmn:SignalEventDefinition, bpmn:ErrorEventDefinition, bpmn:EscalationEventDefinition',
    ],
    [
      '<bpmn:startEvent id="Events_Start" isInterrupting="false"><bpmn:errorEventDefinition errorRef="Err" /></bpmn:startEvent>',
      'an error start event always interrupts (isInterrupting="false")',
    ],
    [
      '<bpmn:startEvent id="Events_Start"><bpmn:messageEventDefinition messageRef="Msg" /></bpmn:startEvent>',
      'the awaited message has no correlation key (flowcard:subscription correlationKey)',
    ],
  ])('refuse the start event %s', async (start, message) => {
    expect(await errorsOf(withEventSubProcess(start))).toEqual([['Events_Start', message]]);
  });

  const errorStart =
    '<bpmn:startEvent id="Events_Start"><bpmn:errorEventDefinition errorRef="Err" /></bpmn:startEvent>';

  it('refuse sequence flows and boundary events on the event subprocess', async () => {
    const extra =
      '<bpmn:sequenceFlow id="Flow_In" sourceRef="Task" targetRef="Events" />' +
      '<bpmn:boundaryEvent id="Boundary" attachedToRef="Events"><bpmn:errorEventDefinition /></bpmn:boundaryEvent>' +
      '<bpmn:sequenceFlow id="Flow_Caught" sourceRef="Boundary" targetRef="End" />';
    expect(await errorsOf(withEventSubProcess(errorStart, { extra }))).toEqual([
      ['Boundary', 'boundary events cannot be attached to an event subprocess'],
      ['Events', 'an event subprocess cannot have incoming sequence flows'],
    ]);
  });

  it('refuse loops on the event subprocess', async () => {
    const xml = withEventSubProcess(errorStart).replace(
      '<bpmn:endEvent id="Events_End" />',
      '<bpmn:endEvent id="Events_End" /><bpmn:standardLoopCharacteristics />',
    );
    expect(await errorsOf(xml)).toEqual(
      expect.arrayContaining([['Events', 'an event subprocess cannot loop']]),
    );
  });
});
