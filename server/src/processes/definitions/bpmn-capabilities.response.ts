import { ApiProperty } from '@nestjs/swagger';
import {
  type ActionAttribute,
  type ActionCapability,
  BPMN_CAPABILITIES,
  type BpmnCapabilities,
  type ElementCapability,
} from '#workflows/bpmn/capabilities';
import type { EventDefinition } from '#workflows/bpmn/elements/element-rule';

/** The enums of the document list the values of the capability list itself. */
const distinct = <T>(values: readonly T[]): T[] => [...new Set(values)];
const ELEMENT_KINDS = distinct(BPMN_CAPABILITIES.elements.map((element) => element.kind));
const ACTION_TYPES = distinct(BPMN_CAPABILITIES.actions.map((action) => action.type));
const ACTION_ATTRIBUTES = BPMN_CAPABILITIES.actions.flatMap((action) => action.attributes);
const ATTRIBUTE_NAMES = distinct(ACTION_ATTRIBUTES.map((attribute) => attribute.name));
const ATTRIBUTE_VALUES = distinct(ACTION_ATTRIBUTES.map((attribute) => attribute.value));

export class ElementCapabilityResponse implements ElementCapability {
  @ApiProperty({ description: 'The BPMN type, as bpmn-js names it', example: 'bpmn:UserTask' })
  type!: string;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The event definition it carries, or null for none',
    example: 'bpmn:TimerEventDefinition',
  })
  eventDefinitionType!: string | null;

  @ApiProperty({ enum: ELEMENT_KINDS, description: 'The model node kind it runs as' })
  kind!: ElementCapability['kind'];

  @ApiProperty({ example: 'User task' })
  displayName!: string;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The flowcard extension element it reads, as written in the XML',
    example: 'flowcard:taskDefinition',
  })
  extensionElement!: string | null;

  @ApiProperty({
    type: String,
    isArray: true,
    description: 'Further flowcard extension elements it reads, as written in the XML',
    example: ['flowcard:formDefinition'],
  })
  moreExtensionElements!: readonly string[];

  @ApiProperty({ description: 'Whether sequence flows may (and then must) come in' })
  incoming!: boolean;

  @ApiProperty({ description: 'Whether sequence flows may (and then must) go out' })
  outgoing!: boolean;

  @ApiProperty({ description: 'Whether its outgoing flows may have conditions and a default' })
  choosesFlow!: boolean;

  @ApiProperty({
    description: 'True for the event subprocess (bpmn:SubProcess with triggeredByEvent="true")',
  })
  triggeredByEvent!: boolean;

  @ApiProperty({
    type: String,
    isArray: true,
    description: 'For the event subprocess: the event definitions its start event may carry',
    example: ['bpmn:TimerEventDefinition'],
  })
  startEventDefinitionTypes!: readonly string[];

  @ApiProperty({
    type: String,
    isArray: true,
    description:
      'For the event subprocess: the event definitions its start event may carry with isInterrupting="false"',
    example: ['bpmn:TimerEventDefinition'],
  })
  nonInterruptingStartEventDefinitionTypes!: readonly string[];

  @ApiProperty({ description: 'Whether it may carry the loop characteristics listed' })
  loops!: boolean;

  @ApiProperty({
    description:
      'For boundary events: whether it may leave its activity running (cancelActivity="false")',
  })
  nonInterrupting!: boolean;
}

export class EventDefinitionResponse implements EventDefinition {
  @ApiProperty({ example: 'bpmn:TimerEventDefinition' })
  type!: string;

  @ApiProperty({ example: 'Timer' })
  displayName!: string;
}

export class ActionAttributeResponse implements ActionAttribute {
  @ApiProperty({ enum: ATTRIBUTE_NAMES, description: 'The attribute of `flowcard:action`' })
  name!: ActionAttribute['name'];

  @ApiProperty({
    enum: ATTRIBUTE_VALUES,
    description: 'A duration is ISO-8601 (or FEEL); text is anything (or FEEL)',
  })
  value!: ActionAttribute['value'];

  @ApiProperty()
  required!: boolean;
}

export class ActionCapabilityResponse implements ActionCapability {
  @ApiProperty({ enum: ACTION_TYPES, description: 'As written in `<flowcard:action type="...">`' })
  type!: ActionCapability['type'];

  @ApiProperty({ example: 'Create call' })
  displayName!: string;

  @ApiProperty({ type: ActionAttributeResponse, isArray: true })
  attributes!: readonly ActionAttributeResponse[];
}

export class BpmnCapabilitiesResponse implements BpmnCapabilities {
  @ApiProperty({ type: ElementCapabilityResponse, isArray: true })
  elements!: readonly ElementCapabilityResponse[];

  @ApiProperty({
    type: EventDefinitionResponse,
    isArray: true,
    description: 'Every event definition some element accepts',
  })
  eventDefinitions!: readonly EventDefinitionResponse[];

  @ApiProperty({
    type: ActionCapabilityResponse,
    isArray: true,
    description: 'The CRM actions of service tasks',
  })
  actions!: readonly ActionCapabilityResponse[];

  @ApiProperty({
    type: String,
    isArray: true,
    example: ['bpmn:StandardLoopCharacteristics'],
    description: 'The loop characteristics activities may carry',
  })
  loopCharacteristics!: readonly string[];

  @ApiProperty({
    example: 315_619_200_000,
    description:
      'The longest wait a timer may set on this server (FLOWCARD_MAX_TIMER), in milliseconds: the deploy refuses a longer literal one',
  })
  maxTimerMs!: number;
}
