import { compileBpmn } from '../compiler';

/** A process calling another one with the call activity `call`. */
const calling = (call: string) => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
    xmlns:flowcard="http://flowcard.dev/schema/bpmn" id="Definitions" targetNamespace="http://test">
<bpmn:process id="p" isExecutable="true">
<bpmn:startEvent id="Start" />
${call}
<bpmn:endEvent id="End" />
<bpmn:sequenceFlow id="Flow_1" sourceRef="Start" targetRef="Call" />
<bpmn:sequenceFlow id="Flow_2" sourceRef="Call" targetRef="End" />
</bpmn:process>
</bpmn:definitions>`;

const withExtension = (extension: string) =>
  calling(
    `<bpmn:callActivity id="Call"><bpmn:extensionElements>${extension}</bpmn:extensionElements></bpmn:callActivity>`,
  );

async function compiled(xml: string) {
  const result = await compileBpmn(xml);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.model.nodes.Call;
}

async function errorsOf(xml: string) {
  const result = await compileBpmn(xml);
  if (result.ok) throw new Error('expected the diagram to be rejected');
  return result.errors.map(({ elementId, message }) => [elementId, message]);
}

describe('call activities', () => {
  it('compile the process key, a pinned version and the mappings', async () => {
    expect(
      await compiled(
        withExtension(
          '<flowcard:calledElement processKey="credit-check" version="3">' +
            '<flowcard:input source="=orderAmount * 2" target="amount" />' +
            '<flowcard:output source="limit" target="creditLimit" />' +
            '</flowcard:calledElement>',
        ),
      ),
    ).toMatchObject({
      kind: 'callActivity',
      processKey: 'credit-check',
      version: 3,
      inputs: [{ source: 'orderAmount * 2', target: 'amount' }],
      outputs: [{ source: 'limit', target: 'creditLimit' }],
    });
  });

  it("take BPMN's calledElement attribute, the latest version and all variables by default", async () => {
    expect(
      await compiled(calling('<bpmn:callActivity id="Call" calledElement="credit-check" />')),
    ).toMatchObject({ processKey: 'credit-check', version: null, inputs: null, outputs: null });
  });

  it.each([
    [
      '<flowcard:calledElement />',
      'the call activity names no process: flowcard:calledElement processKey (or calledElement)',
    ],
    [
      '<flowcard:calledElement processKey="k" version="newest" />',
      'flowcard:calledElement version must be "latest" or a version number, not "newest"',
    ],
    [
      '<flowcard:calledElement processKey="k"><flowcard:input source="=a +" target="b" /></flowcard:calledElement>',
      expect.stringMatching(/^flowcard:input b: FEEL syntax error/),
    ],
    [
      '<flowcard:calledElement processKey="k"><flowcard:output source="=a" /></flowcard:calledElement>',
      'every flowcard:output needs a source and a target',
    ],
  ])('refuse %s', async (extension, message) => {
    expect(await errorsOf(withExtension(extension))).toEqual([['Call', message]]);
  });
});
