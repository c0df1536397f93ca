/**
 * What the compiler accepts, for the modeler's palette, the lint rules and the coverage
 * document to derive from. Read from the compiler's own rule registries, so it cannot
 * drift from what compiles.
 */
import type { ModelNode } from '../engine/model';
import { xmlName } from './bpmn-element';
import { ELEMENTS } from './elements';
import { LOOP_CHARACTERISTICS, LOOPING } from './loops';
import type { EventDefinition } from './elements/element-rule';
import {
  ACTION_RULES,
  type ActionAttribute,
  type ActionType,
} from './elements/service-task-actions';

export type { ActionAttribute } from './elements/service-task-actions';

export interface ElementCapability {
  /** The BPMN type, as bpmn-moddle and bpmn-js name it, e.g. `bpmn:IntermediateCatchEvent`. */
  type: string;
  /** The event definition it carries (bpmn-js's `eventDefinitionType`), or null for none. */
  eventDefinitionType: string | null;
  /** The model node kind it runs as. */
  kind: ModelNode['kind'];
  displayName: string;
  /** The flowcard extension element it reads, as written in the XML (`flowcard:action`), or null. */
  extensionElement: string | null;
  /** Further flowcard extension elements it reads (a user task's `flowcard:formDefinition`). */
  moreExtensionElements: readonly string[];
  /** Whether sequence flows may (and then must) come in and go out. */
  incoming: boolean;
  outgoing: boolean;
  /** Whether its outgoing flows may have conditions and a default flow. */
  choosesFlow: boolean;
  /** True for the event subprocess (`bpmn:SubProcess` with `triggeredByEvent="true"`). */
  triggeredByEvent: boolean;
  /** For the event subprocess: the event definitions its start event may carry; else empty. */
  startEventDefinitionTypes: readonly string[];
  /** For the event subprocess: those its start event may carry with `isInterrupting="false"`. */
  nonInterruptingStartEventDefinitionTypes: readonly string[];
  /** Whether it may carry loop characteristics (`loopCharacteristics` lists which). */
  loops: boolean;
  /** For boundary events: whether it may leave its activity running (`cancelActivity="false"`). */
  nonInterrupting: boolean;
}

export interface ActionCapability {
  /** As written in `<flowcard:action type="...">`. */
  type: ActionType;
  displayName: string;
  /** The attributes of `flowcard:action` it reads. */
  attributes: readonly ActionAttribute[];
}

export interface BpmnCapabilities {
  elements: readonly ElementCapability[];
  /** Every event definition some element accepts. */
  eventDefinitions: readonly EventDefinition[];
  /** The CRM actions of service tasks. */
  actions: readonly ActionCapability[];
  /** The loop characteristics activities may carry, e.g. `bpmn:StandardLoopCharacteristics`. */
  loopCharacteristics: readonly string[];
}

const eventDefinitions = new Map<string, EventDefinition>();
for (const { eventDefinition, startEventDefinitions = [] } of ELEMENTS) {
  for (const definition of eventDefinition
    ? [eventDefinition, ...startEventDefinitions]
    : startEventDefinitions) {
    eventDefinitions.set(definition.type, definition);
  }
}

export const BPMN_CAPABILITIES: BpmnCapabilities = {
  elements: ELEMENTS.map((rule) => ({
    type: rule.type,
    eventDefinitionType: rule.eventDefinition?.type ?? null,
    kind: rule.kind,
    displayName: rule.displayName,
    extensionElement: rule.extension === null ? null : xmlName(rule.extension),
    moreExtensionElements: (rule.moreExtensions ?? []).map(xmlName),
    incoming: rule.incoming,
    outgoing: rule.outgoing,
    choosesFlow: rule.choosesFlow,
    triggeredByEvent: rule.triggeredByEvent ?? false,
    startEventDefinitionTypes: (rule.startEventDefinitions ?? []).map(({ type }) => type),
    nonInterruptingStartEventDefinitionTypes: (rule.nonInterruptingStartEventDefinitions ?? []).map(
      ({ type }) => type,
    ),
    loops: LOOPING.includes(rule.type) && !rule.triggeredByEvent,
    nonInterrupting: rule.nonInterrupting ?? false,
  })),
  eventDefinitions: [...eventDefinitions.values()],
  actions: Object.values(ACTION_RULES).map(({ type, displayName, attributes }) => ({
    type,
    displayName,
    attributes,
  })),
  loopCharacteristics: LOOP_CHARACTERISTICS,
};
