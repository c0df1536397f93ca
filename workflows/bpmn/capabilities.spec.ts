import { readFileSync } from 'node:fs';
import { xmlName } from './bpmn-element';
import { BPMN_CAPABILITIES, type ElementCapability } from './capabilities';
import { type CompileIssue, type CompileResult, compileBpmn } from './compiler';

interface SchemaType {
  name: string;
  superClass?: string[];
  isAbstract?: boolean;
}

/** The BPMN 2.0 metamodel as bpmn-moddle reads it: every type the XML can hold. */
const schema = JSON.parse(
  readFileSync(require.resolve('bpmn-moddle/resources/bpmn/json/bpmn.json'), 'utf8'),
) as { types: SchemaType[] };
const schemaTypes = new Map(schema.types.map((type) => [type.name, type]));
const isA = (name: string, ancestor: string): boolean =>
  name === ancestor ||
  (schemaTypes.get(name)?.superClass ?? []).some((parent) => isA(parent, ancestor));
const concreteTypes = (ancestor: string) =>
  schema.types
    .filter((type) => !type.isAbstract && isA(type.name, ancestor))
    .map((type) => `bpmn:${type.name}`);

/** Where sequence flows connect an element; refused elements are tried with both. */
interface Connections {
  incoming: boolean;
  outgoing: boolean;
  kind?: string;
}

/** What some elements need beside them to compile, by kind: the other end of a link. */
const COMPANIONS: Record<string, string> = {
  linkThrow:
    '<bpmn:intermediateCatchEvent id="Catch"><bpmn:linkEventDefinition name="L" /></bpmn:intermediateCatchEvent>' +
    '<bpmn:sequenceFlow id="Flow_Caught" sourceRef="Catch" targetRef="End" />',
  linkCatch:
    '<bpmn:intermediateThrowEvent id="Throw"><bpmn:linkEventDefinition name="L" /></bpmn:intermediateThrowEvent>' +
    '<bpmn:sequenceFlow id="Flow_Thrown" sourceRef="Start" targetRef="Throw" />',
  boundaryTimer:
    '<bpmn:userTask id="Host" />' +
    '<bpmn:sequenceFlow id="Flow_ToHost" sourceRef="Start" targetRef="Host" />' +
    '<bpmn:sequenceFlow id="Flow_FromHost" sourceRef="Host" targetRef="End" />',
};

/** Where an element's outgoing flows lead when not straight to the end event, by kind. */
const awaitedTimer = (id: string) =>
  `<bpmn:intermediateCatchEvent id="${id}"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1M</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>` +
  `<bpmn:sequenceFlow id="Flow_To${id}" sourceRef="X" targetRef="${id}" />` +
  `<bpmn:sequenceFlow id="Flow_From${id}" sourceRef="${id}" targetRef="End" />`;
const FLOWS_OUT: Record<string, string> = {
  eventBasedGateway: awaitedTimer('Timer1') + awaitedTimer('Timer2'),
};

const SUBPROCESS_INSIDE =
  '<bpmn:startEvent id="Inner_Start" /><bpmn:endEvent id="Inner_End" />' +
  '<bpmn:sequenceFlow id="Inner_Flow" sourceRef="Inner_Start" targetRef="Inner_End" />';
const SUBPROCESS_HOST =
  `<bpmn:subProcess id="Host">${SUBPROCESS_INSIDE}</bpmn:subProcess>` +
  '<bpmn:sequenceFlow id="Flow_ToHost" sourceRef="Start" targetRef="Host" />' +
  '<bpmn:sequenceFlow id="Flow_FromHost" sourceRef="Host" targetRef="End" />';
COMPANIONS.boundaryError = SUBPROCESS_HOST;
COMPANIONS.boundaryEscalation = SUBPROCESS_HOST;
COMPANIONS.boundarySignal = SUBPROCESS_HOST;
COMPANIONS.eventSubProcess =
  '<bpmn:sequenceFlow id="Flow_Main" sourceRef="Start" targetRef="End" />';
COMPANIONS.boundaryMessage = SUBPROCESS_HOST;
COMPANIONS.boundaryConditional = SUBPROCESS_HOST;

/** What some elements need in their attributes and inside them to compile, by kind. */
const KIND_ATTRIBUTES: Record<string, string> = {
  boundaryTimer: ' attachedToRef="Host"',
  boundaryError: ' attachedToRef="Host"',
  boundaryEscalation: ' attachedToRef="Host"',
  boundarySignal: ' attachedToRef="Host"',
  boundaryMessage: ' attachedToRef="Host"',
  boundaryConditional: ' attachedToRef="Host"',
  receiveTask: ' messageRef="Msg"',
  eventSubProcess: ' triggeredByEvent="true"',
  sendTask: ' messageRef="Msg"',
};
const KIND_CONTENT: Record<string, string> = {
  subProcess: SUBPROCESS_INSIDE,
  eventSubProcess:
    '<bpmn:startEvent id="Inner_Start"><bpmn:errorEventDefinition errorRef="Err" /></bpmn:startEvent>' +
    '<bpmn:endEvent id="Inner_End" />' +
    '<bpmn:sequenceFlow id="Inner_Flow" sourceRef="Inner_Start" targetRef="Inner_End" />',
};

/**
 * X in a process, after a start event unless it is one, and before an end event unless it is
 * one: the smallest diagram where it must compile.
 */
function diagramWith(type: string, xml: string, connections: Connections): string {
  const rows = [
    type === 'bpmn:StartEvent' ? '' : '<bpmn:startEvent id="Start" />',
    connections.incoming
      ? '<bpmn:sequenceFlow id="Flow_In" sourceRef="Start" targetRef="X" />'
      : '',
    xml,
    type === 'bpmn:EndEvent' ? '' : '<bpmn:endEvent id="End" />',
    connections.outgoing
      ? (FLOWS_OUT[connections.kind ?? ''] ??
        '<bpmn:sequenceFlow id="Flow_Out" sourceRef="X" targetRef="End" />')
      : '',
    COMPANIONS[connections.kind ?? ''] ?? '',
  ];
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
    xmlns:flowcard="http://flowcard.dev/schema/bpmn" id="Definitions" targetNamespace="http://test">
<bpmn:error id="Err" errorCode="E" />
<bpmn:escalation id="Esc" escalationCode="S" />
<bpmn:message id="Msg" name="m" />
<bpmn:signal id="Sig" name="s" />
<bpmn:process id="p" isExecutable="true">
${rows.join('\n')}
</bpmn:process>
</bpmn:definitions>`;
}

/** What an element needs inside it to compile, by its event definition or extension element. */
const REQUIRED_CONTENT: Record<string, string> = {
  'bpmn:TimerEventDefinition': '<bpmn:timeDuration>PT1M</bpmn:timeDuration>',
  'bpmn:ConditionalEventDefinition': '<bpmn:condition>=ready</bpmn:condition>',
  'flowcard:action': '<flowcard:action type="setClientStatus" status="active" />',
  'flowcard:script': '<flowcard:script expression="=1 + 1" resultVariable="two" />',
  'flowcard:subscription': '<flowcard:subscription correlationKey="=clientId" />',
  'flowcard:calledElement': '<flowcard:calledElement processKey="other" />',
};

/** What an event definition needs inside it for some kinds, instead of `REQUIRED_CONTENT`. */
const KIND_DEFINITION_CONTENT: Record<string, string> = {
  timerStart: '<bpmn:timeCycle>R/P1D</bpmn:timeCycle>',
};

/** What an event definition needs in its attributes to compile. */
const REQUIRED_ATTRIBUTES: Record<string, string> = {
  'bpmn:LinkEventDefinition': ' name="L"',
  'bpmn:ErrorEventDefinition': ' errorRef="Err"',
  'bpmn:EscalationEventDefinition': ' escalationRef="Esc"',
  'bpmn:MessageEventDefinition': ' messageRef="Msg"',
  'bpmn:SignalEventDefinition': ' signalRef="Sig"',
};

/** `<type id="X">` holding the extension element and the event definition, if any. */
function elementX(
  type: string,
  eventDefinitionType: string | null,
  extension = '',
  kind = '',
): string {
  const definition = eventDefinitionType
    ? `<${xmlName(eventDefinitionType)}${REQUIRED_ATTRIBUTES[eventDefinitionType] ?? ''}>${KIND_DEFINITION_CONTENT[kind] ?? REQUIRED_CONTENT[eventDefinitionType] ?? ''}</${xmlName(eventDefinitionType)}>`
    : '';
  const extensions = extension
    ? `<bpmn:extensionElements>${extension}</bpmn:extensionElements>`
    : '';
  const attributes = KIND_ATTRIBUTES[kind] ?? '';
  const content = KIND_CONTENT[kind] ?? '';
  return `<${xmlName(type)} id="X"${attributes}>${extensions}${definition}${content}</${xmlName(type)}>`;
}

function compileX(
  type: string,
  eventDefinitionType: string | null,
  extension = '',
  connections: Connections = { incoming: true, outgoing: true },
) {
  return compileBpmn(
    diagramWith(
      type,
      elementX(type, eventDefinitionType, extension, connections.kind),
      connections,
    ),
  );
}

function errorsOf(result: CompileResult): CompileIssue[] {
  if (result.ok) throw new Error('expected the diagram to be rejected');
  return result.errors;
}

const SAMPLE_VALUES = { text: 'Hello', duration: 'P1D', variable: 'result' } as const;

describe('BPMN_CAPABILITIES', () => {
  it('lists the element kinds, event definitions and actions the compiler accepts', () => {
    expect(
      BPMN_CAPABILITIES.elements.map(({ type, eventDefinitionType, kind }) => [
        type,
        eventDefinitionType,
        kind,
      ]),
    ).toEqual([
      ['bpmn:StartEvent', null, 'startEvent'],
      ['bpmn:EndEvent', null, 'endEvent'],
      ['bpmn:ExclusiveGateway', null, 'exclusiveGateway'],
      ['bpmn:ParallelGateway', null, 'parallelGateway'],
      ['bpmn:ServiceTask', null, 'serviceTask'],
      ['bpmn:UserTask', null, 'userTask'],
      ['bpmn:IntermediateCatchEvent', 'bpmn:TimerEventDefinition', 'timerCatch'],
      ['bpmn:Task', null, 'task'],
      ['bpmn:ManualTask', null, 'manualTask'],
      ['bpmn:ScriptTask', null, 'scriptTask'],
      ['bpmn:EndEvent', 'bpmn:TerminateEventDefinition', 'terminateEndEvent'],
      ['bpmn:IntermediateThrowEvent', 'bpmn:LinkEventDefinition', 'linkThrow'],
      ['bpmn:IntermediateCatchEvent', 'bpmn:LinkEventDefinition', 'linkCatch'],
      ['bpmn:InclusiveGateway', null, 'inclusiveGateway'],
      ['bpmn:IntermediateThrowEvent', null, 'noneThrow'],
      ['bpmn:SendTask', null, 'sendTask'],
      ['bpmn:IntermediateThrowEvent', 'bpmn:MessageEventDefinition', 'messageThrow'],
      ['bpmn:BoundaryEvent', 'bpmn:TimerEventDefinition', 'boundaryTimer'],
      ['bpmn:SubProcess', null, 'subProcess'],
      ['bpmn:EndEvent', 'bpmn:ErrorEventDefinition', 'errorEndEvent'],
      ['bpmn:BoundaryEvent', 'bpmn:ErrorEventDefinition', 'boundaryError'],
      ['bpmn:EndEvent', 'bpmn:EscalationEventDefinition', 'escalationEndEvent'],
      ['bpmn:IntermediateThrowEvent', 'bpmn:EscalationEventDefinition', 'escalationThrow'],
      ['bpmn:BoundaryEvent', 'bpmn:EscalationEventDefinition', 'boundaryEscalation'],
      ['bpmn:IntermediateCatchEvent', 'bpmn:MessageEventDefinition', 'messageCatch'],
      ['bpmn:ReceiveTask', null, 'receiveTask'],
      ['bpmn:EventBasedGateway', null, 'eventBasedGateway'],
      ['bpmn:IntermediateCatchEvent', 'bpmn:SignalEventDefinition', 'signalCatch'],
      ['bpmn:IntermediateThrowEvent', 'bpmn:SignalEventDefinition', 'signalThrow'],
      ['bpmn:EndEvent', 'bpmn:SignalEventDefinition', 'signalEndEvent'],
      ['bpmn:BoundaryEvent', 'bpmn:SignalEventDefinition', 'boundarySignal'],
      ['bpmn:BusinessRuleTask', null, 'businessRuleTask'],
      ['bpmn:StartEvent', 'bpmn:MessageEventDefinition', 'messageStart'],
      ['bpmn:SubProcess', null, 'eventSubProcess'],
      ['bpmn:CallActivity', null, 'callActivity'],
      ['bpmn:EndEvent', 'bpmn:MessageEventDefinition', 'messageEndEvent'],
      ['bpmn:BoundaryEvent', 'bpmn:MessageEventDefinition', 'boundaryMessage'],
      ['bpmn:StartEvent', 'bpmn:SignalEventDefinition', 'signalStart'],
      ['bpmn:StartEvent', 'bpmn:TimerEventDefinition', 'timerStart'],
      ['bpmn:IntermediateCatchEvent', 'bpmn:ConditionalEventDefinition', 'conditionalCatch'],
      ['bpmn:BoundaryEvent', 'bpmn:ConditionalEventDefinition', 'boundaryConditional'],
    ]);
    expect(BPMN_CAPABILITIES.eventDefinitions).toEqual([
      { type: 'bpmn:TimerEventDefinition', displayName: 'Timer' },
      { type: 'bpmn:TerminateEventDefinition', displayName: 'Terminate' },
      { type: 'bpmn:LinkEventDefinition', displayName: 'Link' },
      { type: 'bpmn:MessageEventDefinition', displayName: 'Message' },
      { type: 'bpmn:ErrorEventDefinition', displayName: 'Error' },
      { type: 'bpmn:EscalationEventDefinition', displayName: 'Escalation' },
      { type: 'bpmn:SignalEventDefinition', displayName: 'Signal' },
      { type: 'bpmn:ConditionalEventDefinition', displayName: 'Conditional' },
    ]);
    expect(BPMN_CAPABILITIES.actions.map((action) => action.type)).toEqual([
      'createCall',
      'createTask',
      'createMeeting',
      'setClientStatus',
      'createDeal',
      'setDealStage',
      'addNote',
      'assignClientOwner',
    ]);
  });

  it.each(BPMN_CAPABILITIES.elements.map((capability) => [capability.displayName, capability]))(
    '%s compiles in a tiny diagram',
    async (_name, { type, eventDefinitionType, extensionElement, kind, incoming, outgoing }) => {
      const extension = extensionElement ? (REQUIRED_CONTENT[extensionElement] ?? '') : '';
      const result = await compileX(type, eventDefinitionType, extension, {
        incoming,
        outgoing,
        kind,
      });
      if (!result.ok) throw new Error(JSON.stringify(result.errors));
      expect(result.model.nodes.X.kind).toBe(kind);
    },
  );

  it.each(BPMN_CAPABILITIES.actions.map((capability) => [capability.type, capability]))(
    'compiles a service task that does %s, with every attribute it reads',
    async (_type, { type, attributes }) => {
      const written = attributes.map(({ name, value }) => `${name}="${SAMPLE_VALUES[value]}"`);
      const action = `<flowcard:action type="${type}" ${written.join(' ')} />`;
      const result = await compileX('bpmn:ServiceTask', null, action);
      if (!result.ok) throw new Error(JSON.stringify(result.errors));
      expect(result.warnings).toEqual([]);
      expect(result.model.nodes.X).toMatchObject({
        kind: 'serviceTask',
        action: {
          type,
          ...Object.fromEntries(attributes.map(({ name, value }) => [name, SAMPLE_VALUES[value]])),
        },
      });
    },
  );

  const acceptedTypes = new Set(BPMN_CAPABILITIES.elements.map((element) => element.type));
  it.each(concreteTypes('FlowNode').filter((type) => !acceptedTypes.has(type)))(
    'refuses a %s, naming the element',
    async (type) => {
      expect(errorsOf(await compileX(type, null))).toContainEqual(
        expect.objectContaining({ elementId: 'X', message: `${type} is not supported` }),
      );
    },
  );

  const refusedEvents = [...acceptedTypes]
    .filter((type) => isA(type.replace('bpmn:', ''), 'Event'))
    .flatMap((type) =>
      concreteTypes('EventDefinition')
        .filter(
          (definition) =>
            !BPMN_CAPABILITIES.elements.some(
              (element) => element.type === type && element.eventDefinitionType === definition,
            ),
        )
        .map((definition) => [type, definition]),
    );
  it.each(refusedEvents)('refuses a %s with a %s, naming the element', async (type, definition) => {
    expect(errorsOf(await compileX(type, definition))).toContainEqual(
      expect.objectContaining({
        elementId: 'X',
        message: `${type} with ${definition} is not supported`,
      }),
    );
  });

  /** The element of `compileX`, with more in its opening tag or right inside it. */
  function compileXWith(
    { type, eventDefinitionType, extensionElement, kind, incoming, outgoing }: ElementCapability,
    { attributes = '', inside = '' }: { attributes?: string; inside?: string },
  ) {
    const extension = extensionElement ? (REQUIRED_CONTENT[extensionElement] ?? '') : '';
    const xml = elementX(type, eventDefinitionType, extension, kind).replace(
      /^(<[^>]*)>/,
      `$1${attributes}>${inside}`,
    );
    return compileBpmn(diagramWith(type, xml, { incoming, outgoing, kind }));
  }

  const STANDARD_LOOP =
    '<bpmn:standardLoopCharacteristics><bpmn:loopCondition>=true</bpmn:loopCondition></bpmn:standardLoopCharacteristics>';
  it.each(BPMN_CAPABILITIES.elements.map((capability) => [capability.displayName, capability]))(
    '%s compiles with a standard loop exactly when its capability says it loops',
    async (_name, capability) => {
      const result = await compileXWith(capability, { inside: STANDARD_LOOP });
      expect(result.ok).toBe(capability.loops);
    },
  );

  it('names every flowcard extension element an element reads; the compiler refuses it elsewhere', async () => {
    const capabilityOf = (kind: string) => {
      const found = BPMN_CAPABILITIES.elements.find((capability) => capability.kind === kind);
      if (!found) throw new Error(`no capability ${kind}`);
      return found;
    };
    expect(capabilityOf('userTask')).toMatchObject({
      extensionElement: 'flowcard:taskDefinition',
      moreExtensionElements: ['flowcard:formDefinition'],
    });
    expect(capabilityOf('manualTask')).toMatchObject({
      extensionElement: null,
      moreExtensionElements: [],
    });
    const formOnManualTask = await compileXWith(capabilityOf('manualTask'), {
      inside:
        '<bpmn:extensionElements><flowcard:formDefinition formKey="x" /></bpmn:extensionElements>',
    });
    expect(errorsOf(formOnManualTask)).toContainEqual(
      expect.objectContaining({
        elementId: 'X',
        message: 'flowcard:formDefinition is only allowed on bpmn:UserTask',
      }),
    );
  });

  const boundaryEvents = BPMN_CAPABILITIES.elements.filter(
    (capability) => capability.type === 'bpmn:BoundaryEvent',
  );
  it.each(boundaryEvents.map((capability) => [capability.displayName, capability]))(
    '%s compiles with cancelActivity="false" exactly when its capability says it may not interrupt',
    async (_name, capability) => {
      const result = await compileXWith(capability, { attributes: ' cancelActivity="false"' });
      expect(result.ok).toBe(capability.nonInterrupting);
    },
  );

  const eventSubProcess = BPMN_CAPABILITIES.elements.find(
    (capability) => capability.triggeredByEvent,
  )!;
  it.each(eventSubProcess.startEventDefinitionTypes)(
    'an event subprocess started by a %s compiles with isInterrupting="false" exactly when listed',
    async (definition) => {
      const subscription =
        definition === 'bpmn:MessageEventDefinition'
          ? `<bpmn:extensionElements>${REQUIRED_CONTENT['flowcard:subscription']}</bpmn:extensionElements>`
          : '';
      const start =
        `<bpmn:startEvent id="Inner_Start" isInterrupting="false">${subscription}` +
        `<${xmlName(definition)}${REQUIRED_ATTRIBUTES[definition] ?? ''}>${REQUIRED_CONTENT[definition] ?? ''}</${xmlName(definition)}>` +
        '</bpmn:startEvent><bpmn:endEvent id="Inner_End" />' +
        '<bpmn:sequenceFlow id="Inner_Flow" sourceRef="Inner_Start" targetRef="Inner_End" />';
      const xml = `<bpmn:subProcess id="X" triggeredByEvent="true">${start}</bpmn:subProcess>`;
      const result = await compileBpmn(
        diagramWith('bpmn:SubProcess', xml, {
          incoming: false,
          outgoing: false,
          kind: 'eventSubProcess',
        }),
      );
      expect(result.ok).toBe(
        eventSubProcess.nonInterruptingStartEventDefinitionTypes.includes(definition),
      );
    },
  );

  it('refuses an action it does not list, naming the element', async () => {
    const result = await compileX('bpmn:ServiceTask', null, '<flowcard:action type="sendFax" />');
    expect(errorsOf(result)).toEqual([
      expect.objectContaining({
        elementId: 'X',
        message: `unknown action type "sendFax"; expected one of ${BPMN_CAPABILITIES.actions.map((action) => action.type).join(', ')}`,
      }),
    ]);
  });
});
