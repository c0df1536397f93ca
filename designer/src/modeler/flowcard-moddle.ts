/**
 * Reading and writing our `flowcard:` extension elements on bpmn-js elements. The moddle
 * descriptor is the compiler's own (workflows/bpmn/flowcard.json), so what the modeler writes
 * is what the compiler reads.
 */
import type BpmnFactory from 'bpmn-js/lib/features/modeling/BpmnFactory';
import type { Element } from 'bpmn-js/lib/model/Types';
import type CommandStack from 'diagram-js/lib/command/CommandStack';
import flowcardDescriptor from '../../../workflows/bpmn/flowcard.json';
import type { BpmnCapabilities, ElementCapability } from '../types';

export { flowcardDescriptor };

/** The service task extension that names a CRM action. */
export const ACTION_EXTENSION = 'flowcard:action';

/** The options the modeler's own modules read (`config.flowcard`). */
export interface FlowcardConfig {
  capabilities: BpmnCapabilities;
}

/** The part of a bpmn-moddle element the modeler reads. */
export interface ModdleElement {
  $type: string;
  $parent?: ModdleElement;
  get(name: string): unknown;
}

type Attributes = Record<string, string | undefined>;

/** `flowcard:action` (as written in the XML, and in the capability list) → `flowcard:Action`. */
export function moddleType(xmlName: string): string {
  const [prefix, local] = xmlName.split(':');
  return `${prefix}:${local.charAt(0).toUpperCase()}${local.slice(1)}`;
}

/**
 * The attribute names a flowcard type declares, in the descriptor's order; lists of child
 * elements (a call activity's inputs) are edited by fields of their own.
 */
export function declaredAttributes(type: string): string[] {
  const local = type.split(':')[1];
  const declared = flowcardDescriptor.types.find((candidate) => candidate.name === local);
  return (declared?.properties ?? [])
    .filter((property) => 'isAttr' in property && property.isAttr)
    .map((property) => property.name);
}

/** `candidateRole` → `Candidate role`. */
export function labelOf(attribute: string): string {
  const words = attribute.replace(/([A-Z])/g, ' $1').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function businessObjectOf(element: Element): ModdleElement {
  return element.businessObject as ModdleElement;
}

/** The event definition of an element, as bpmn-js names it, or null when it has none. */
export function eventDefinitionTypeOf(element: Element): string | null {
  const definitions = businessObjectOf(element).get('eventDefinitions') as
    ModdleElement[] | undefined;
  return definitions?.[0]?.$type ?? null;
}

/**
 * Whether the element is the start event of an event subprocess, which the subprocess's rule
 * compiles (its trigger), not a capability of its own.
 */
export function startsEventSubProcess(element: Element): boolean {
  if (element.type !== 'bpmn:StartEvent' || !element.parent) return false;
  return businessObjectOf(element.parent as Element).get('triggeredByEvent') === true;
}

/** The capability an element is an instance of, or undefined when the compiler refuses it. */
export function capabilityOf(
  element: Element,
  capabilities: BpmnCapabilities,
): ElementCapability | undefined {
  const type = businessObjectOf(element).$type;
  const eventDefinitionType = eventDefinitionTypeOf(element);
  return capabilities.elements.find(
    (capability) =>
      capability.type === type && capability.eventDefinitionType === eventDefinitionType,
  );
}

/**
 * The flowcard extension element of `type` (`flowcard:Action`) of the element, or of `host`
 * inside it (a multi-instance element's loop characteristics), if it has one.
 */
export function extensionOf(
  element: Element,
  type: string,
  host: ModdleElement = businessObjectOf(element),
): ModdleElement | undefined {
  const extensionElements = host.get('extensionElements') as ModdleElement | undefined;
  const values = (extensionElements?.get('values') ?? []) as ModdleElement[];
  return values.find((value) => value.$type === type);
}

export function attributeOf(
  element: Element,
  type: string,
  attribute: string,
  host?: ModdleElement,
): string {
  const value = extensionOf(element, type, host)?.get(attribute);
  return typeof value === 'string' ? value : '';
}

/** The BPMN types that read each flowcard extension element (moddle type), as the compiler checks it. */
export function extensionReaders(capabilities: BpmnCapabilities): Map<string, Set<string>> {
  const readers = new Map<string, Set<string>>();
  for (const capability of capabilities.elements) {
    const read = [capability.extensionElement, ...capability.moreExtensionElements];
    for (const extension of read) {
      if (extension === null) continue;
      const type = moddleType(extension);
      readers.set(type, (readers.get(type) ?? new Set()).add(capability.type));
    }
  }
  return readers;
}

/**
 * Whether an element of `type` may keep the extension element: it reads it, or no element
 * does (the compiler leaves those alone, such as a multi-instance loop's settings).
 */
export function accepts(
  readers: Map<string, Set<string>>,
  type: string,
  extension: ModdleElement,
): boolean {
  const reading = readers.get(extension.$type);
  return reading === undefined || reading.has(type);
}

export interface Services {
  bpmnFactory: BpmnFactory;
  commandStack: CommandStack;
}

/**
 * Sets attributes of the element's extension element of `type` (on `host` inside the element
 * when given), creating it (and `bpmn:extensionElements`) when missing; one undoable command.
 * An empty value removes the attribute.
 */
export function setAttributes(
  element: Element,
  type: string,
  attributes: Attributes,
  services: Services,
  host?: ModdleElement,
): void {
  const properties = Object.fromEntries(
    Object.entries(attributes).map(([name, value]) => [name, value || undefined]),
  );
  setProperties(element, type, properties, services, host);
}

/** As `setAttributes`, for any properties, such as lists of child elements made by `build`. */
export function setProperties(
  element: Element,
  type: string,
  properties: Record<string, unknown>,
  { bpmnFactory, commandStack }: Services,
  host: ModdleElement = businessObjectOf(element),
): void {
  const existing = extensionOf(element, type, host);
  if (existing) {
    adopt(existing, properties);
    commandStack.execute('element.updateModdleProperties', {
      element,
      moddleElement: existing,
      properties,
    });
    return;
  }
  const commands = [];
  let extensionElements = host.get('extensionElements') as ModdleElement | undefined;
  if (!extensionElements) {
    extensionElements = bpmnFactory.create('bpmn:ExtensionElements', {
      values: [],
    }) as ModdleElement;
    extensionElements.$parent = host;
    commands.push({
      cmd: 'element.updateModdleProperties',
      context: { element, moddleElement: host, properties: { extensionElements } },
    });
  }
  const created = bpmnFactory.create(type, properties) as ModdleElement;
  created.$parent = extensionElements;
  adopt(created, properties);
  const values = [...((extensionElements.get('values') ?? []) as ModdleElement[]), created];
  commands.push({
    cmd: 'element.updateModdleProperties',
    context: { element, moddleElement: extensionElements, properties: { values } },
  });
  commandStack.execute('properties-panel.multi-command-executor', commands);
}

/** Child elements in list properties belong to the element that holds them. */
function adopt(parent: ModdleElement, properties: Record<string, unknown>): void {
  for (const value of Object.values(properties)) {
    if (Array.isArray(value)) for (const child of value as ModdleElement[]) child.$parent = parent;
  }
}
