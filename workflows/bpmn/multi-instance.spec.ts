import { compileBpmn } from './compiler';

/** A process running `activity` (id X) between its start and end events. */
const around = (activity: string, extra = '') => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
    xmlns:flowcard="http://flowcard.dev/schema/bpmn" id="Definitions" targetNamespace="http://test">
<bpmn:process id="p" isExecutable="true">
<bpmn:startEvent id="Start" />
${activity}
<bpmn:endEvent id="End" />
<bpmn:sequenceFlow id="Flow_1" sourceRef="Start" targetRef="X" />
<bpmn:sequenceFlow id="Flow_2" sourceRef="X" targetRef="End" />
${extra}
</bpmn:process>
</bpmn:definitions>`;

const multi = (attributes: string, settings: string, completion = '') =>
  `<bpmn:multiInstanceLoopCharacteristics${attributes}><bpmn:extensionElements>` +
  `<flowcard:loopCharacteristics ${settings} /></bpmn:extensionElements>${completion}` +
  '</bpmn:multiInstanceLoopCharacteristics>';

const inside =
  '<bpmn:startEvent id="S" /><bpmn:endEvent id="E" /><bpmn:sequenceFlow id="F" sourceRef="S" targetRef="E" />';

const joining =
  '<bpmn:startEvent id="S" /><bpmn:parallelGateway id="G" /><bpmn:parallelGateway id="J" />' +
  '<bpmn:endEvent id="E" /><bpmn:sequenceFlow id="F1" sourceRef="S" targetRef="G" />' +
  '<bpmn:sequenceFlow id="F2" sourceRef="G" targetRef="J" />' +
  '<bpmn:sequenceFlow id="F3" sourceRef="G" targetRef="J" />' +
  '<bpmn:sequenceFlow id="F4" sourceRef="J" targetRef="E" />';

async function errorsOf(xml: string) {
  const result = await compileBpmn(xml);
  if (result.ok) throw new Error('expected the diagram to be rejected');
  return result.errors.map(({ elementId, message }) => [elementId, message]);
}

describe('multi-instance activities', () => {
  it('compile the list, item, outputs and completion condition', async () => {
    const result = await compileBpmn(
      around(
        `<bpmn:userTask id="X">${multi(
          '',
          'inputCollection="=approvers" inputElement="approver" outputCollection="approvals" outputElement="=approved"',
          '<bpmn:completionCondition>=numberOfCompletedInstances = 2</bpmn:completionCondition>',
        )}</bpmn:userTask>`,
      ),
    );
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.model.nodes.X.multiInstance).toEqual({
      sequential: false,
      inputCollection: 'approvers',
      inputElement: 'approver',
      outputCollection: 'approvals',
      outputElement: 'approved',
      completionCondition: 'numberOfCompletedInstances = 2',
    });
  });

  it.each([
    [
      `<bpmn:subProcess id="X">${multi('', 'inputCollection="=items"')}${joining}</bpmn:subProcess>`,
      'the runs of a parallel multi-instance subprocess cannot join flows (J): ' +
        'set isSequential="true" or join outside the subprocess',
    ],
    [
      `<bpmn:task id="X">${multi('', 'inputCollection="=items" outputCollection="out"')}</bpmn:task>`,
      'give the multi-instance both an outputCollection and an outputElement, or neither',
    ],
  ])('refuse %s', async (activity, message) => {
    expect(await errorsOf(around(activity))).toContainEqual(['X', message]);
  });

  it('compile parallel runs of a subprocess, and boundary events on a multi-instance activity', async () => {
    const boundary =
      '<bpmn:boundaryEvent id="B" attachedToRef="X"><bpmn:timerEventDefinition>' +
      '<bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>' +
      '<bpmn:sequenceFlow id="Flow_B" sourceRef="B" targetRef="End" />';
    const xml = around(
      `<bpmn:subProcess id="X">${multi('', 'inputCollection="=items"')}${inside}</bpmn:subProcess>`,
      boundary,
    );
    const result = await compileBpmn(xml);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.model.nodes.X.multiInstance?.sequential).toBe(false);
    expect(result.model.nodes.B).toMatchObject({ kind: 'boundaryTimer', attachedToId: 'X' });
  });
});
