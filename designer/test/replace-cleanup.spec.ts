/**
 * What an element keeps of its flowcard extension elements when the modeler replaces it with
 * another type: what the compiler reads on that type, by the capability list the server sends.
 */
import { BPMN_CAPABILITIES } from '#workflows/bpmn/capabilities';
import { compileBpmn } from '#workflows/bpmn/compiler';
import { accepts, extensionReaders } from '../src/modeler/flowcard-moddle';
import type { BpmnCapabilities } from '../src/types';

/** The list as the endpoint answers it. */
const capabilities = JSON.parse(JSON.stringify(BPMN_CAPABILITIES)) as BpmnCapabilities;
const readers = extensionReaders(capabilities);
const extension = (type: string) => ({ $type: type, get: () => undefined });
const keeps = (type: string, extensionType: string) =>
  accepts(readers, type, extension(extensionType));

/** A one-task process whose task is `<type>` holding `extensions`. */
const diagram = (type: string, extensions: string) => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:flowcard="http://flowcard.dev/schema/bpmn" id="D" targetNamespace="http://flowcard.dev/processes">
  <bpmn:process id="replaced" isExecutable="true">
    <bpmn:startEvent id="Start"><bpmn:outgoing>F1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:sequenceFlow id="F1" sourceRef="Start" targetRef="X" />
    <bpmn:${type} id="X"><bpmn:extensionElements>${extensions}</bpmn:extensionElements><bpmn:incoming>F1</bpmn:incoming><bpmn:outgoing>F2</bpmn:outgoing></bpmn:${type}>
    <bpmn:sequenceFlow id="F2" sourceRef="X" targetRef="End" />
    <bpmn:endEvent id="End"><bpmn:incoming>F2</bpmn:incoming></bpmn:endEvent>
  </bpmn:process>
</bpmn:definitions>`;

describe('what a replaced element keeps', () => {
  it("drops a user task's definition and form on a manual task, as the compiler refuses them there", async () => {
    const userTaskExtensions =
      '<flowcard:taskDefinition assignee="=owner" /><flowcard:formDefinition formKey="review" />';
    expect((await compileBpmn(diagram('manualTask', userTaskExtensions))).ok).toBe(false);
    for (const type of ['flowcard:TaskDefinition', 'flowcard:FormDefinition']) {
      expect(keeps('bpmn:UserTask', type)).toBe(true);
      expect(keeps('bpmn:ManualTask', type)).toBe(false);
      expect(keeps('bpmn:ServiceTask', type)).toBe(false);
    }
    expect((await compileBpmn(diagram('manualTask', ''))).ok).toBe(true);
  });

  it('keeps what the new type reads: a script between script and business rule tasks', async () => {
    const script = '<flowcard:script expression="=1" resultVariable="one" />';
    expect((await compileBpmn(diagram('businessRuleTask', script))).ok).toBe(true);
    expect(keeps('bpmn:ScriptTask', 'flowcard:Script')).toBe(true);
    expect(keeps('bpmn:BusinessRuleTask', 'flowcard:Script')).toBe(true);
    expect(keeps('bpmn:ServiceTask', 'flowcard:Action')).toBe(true);
    expect(keeps('bpmn:SendTask', 'flowcard:Action')).toBe(false);
  });

  it('keeps extension elements no element type reads (a multi-instance loop keeps its own)', () => {
    expect(keeps('bpmn:ManualTask', 'flowcard:LoopCharacteristics')).toBe(true);
    expect(keeps('bpmn:ManualTask', 'zeebe:taskDefinition')).toBe(true);
  });
});
