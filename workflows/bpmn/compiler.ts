/**
 * BPMN 2.0 XML → executable model. This is where diagrams are rejected: every problem is
 * reported with the element id (and source line) so the designer can point at it, and all
 * problems are reported at once, not only the first.
 */
import { BpmnModdle, type ImportResult, type ImportWarning } from 'bpmn-moddle';
import {
  CRM_ACTION_TYPES,
  type CrmAction,
  type ExclusiveGatewayNode,
  type ExecutableModel,
  type ModelNode,
  type SequenceFlow,
  type ValueExpression,
} from '../engine/model';
import { durationToMs } from '../expressions/duration';
import { checkExpression } from '../expressions/feel';
import flowcardDescriptor from './flowcard.json';

export interface CompileIssue {
  elementId: string | null;
  /** 1-based line in the XML source, when known. */
  line: number | null;
  message: string;
}

export type CompileResult =
  | { ok: true; model: ExecutableModel; warnings: CompileIssue[] }
  | { ok: false; errors: CompileIssue[] };

/**
 * A loose view of a bpmn-moddle element: only the properties the compiler reads.
 * Which of them are present depends on `$type`.
 */
interface BpmnElement {
  $type: string;
  $parent?: BpmnElement;
  id?: string;
  name?: string;
  isExecutable?: boolean;
  rootElements?: BpmnElement[];
  flowElements?: BpmnElement[];
  eventDefinitions?: BpmnElement[];
  extensionElements?: { values?: BpmnElement[] };
  loopCharacteristics?: BpmnElement;
  sourceRef?: BpmnElement;
  targetRef?: BpmnElement;
  conditionExpression?: { body?: string };
  default?: BpmnElement;
  timeDuration?: { body?: string };
  timeDate?: unknown;
  timeCycle?: unknown;
  // flowcard:action and flowcard:taskDefinition
  type?: string;
  subject?: string;
  dueIn?: string;
  assignee?: string;
  status?: string;
  candidateRole?: string;
}

const ACTION = 'flowcard:Action';
const TASK_DEFINITION = 'flowcard:TaskDefinition';
/** The BPMN element each extension element belongs on. */
const EXTENSION_HOSTS: Record<string, string> = {
  [ACTION]: 'bpmn:ServiceTask',
  [TASK_DEFINITION]: 'bpmn:UserTask',
};
const ACTION_ATTRIBUTES = ['subject', 'dueIn', 'assignee', 'status'] as const;
const SUPPORTED_NODE_TYPES = new Set([
  'bpmn:StartEvent',
  'bpmn:EndEvent',
  'bpmn:ExclusiveGateway',
  'bpmn:ParallelGateway',
  'bpmn:ServiceTask',
  'bpmn:UserTask',
  'bpmn:IntermediateCatchEvent',
]);
const KIND_LABELS: Record<ModelNode['kind'], string> = {
  startEvent: 'start event',
  endEvent: 'end event',
  exclusiveGateway: 'exclusive gateway',
  parallelGateway: 'parallel gateway',
  serviceTask: 'service task',
  userTask: 'user task',
  timerCatch: 'timer event',
};
/** References that decide what runs; others (incoming/outgoing lists, lanes, layout) are redundant. */
const SEMANTIC_REFERENCES = new Set(['bpmn:sourceRef', 'bpmn:targetRef', 'bpmn:default']);

export async function compileBpmn(xml: string): Promise<CompileResult> {
  let imported: ImportResult;
  try {
    imported = await BpmnModdle({ flowcard: flowcardDescriptor }).fromXML(xml);
  } catch (error) {
    return { ok: false, errors: [unreadableDocument(error)] };
  }
  const issues = new Issues(xml);
  reportImportWarnings(imported.warnings, issues);
  const process = selectProcess(imported.rootElement as BpmnElement, issues);
  const model = process ? compileProcess(process, issues) : null;
  if (issues.errors.length > 0 || !model) return { ok: false, errors: issues.errors };
  return { ok: true, model, warnings: issues.warnings };
}

class Issues {
  readonly errors: CompileIssue[] = [];
  readonly warnings: CompileIssue[] = [];

  constructor(private readonly xml: string) {}

  error(elementId: string | null, message: string, line: number | null = null): void {
    this.errors.push({ elementId, line: line ?? this.lineOf(elementId), message });
  }

  warning(elementId: string | null, message: string): void {
    this.warnings.push({ elementId, line: this.lineOf(elementId), message });
  }

  hasErrorFor(elementId: string): boolean {
    return this.errors.some((issue) => issue.elementId === elementId);
  }

  /** The line declaring `id="<elementId>"`; the diagram-interchange part refers to ids by other attributes. */
  private lineOf(elementId: string | null): number | null {
    if (elementId === null) return null;
    const escaped = elementId.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const match = new RegExp(`\\sid\\s*=\\s*(["'])${escaped}\\1`).exec(this.xml);
    return match ? lineAt(this.xml, match.index) : null;
  }
}

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

// moddle-xml reports positions 0-based: "...\n\tline: 2\n\tcolumn: 41\n\tnested error: ..."
const POSITIONED =
  /^unparsable content (.*?) ?detected\s+line: (\d+)\s+column: (\d+)\s+nested error: (.*)$/s;

function unreadableDocument(error: unknown): CompileIssue {
  const message = error instanceof Error ? error.message : String(error);
  const positioned = POSITIONED.exec(message);
  if (!positioned) {
    return { elementId: null, line: null, message: `not a BPMN 2.0 document: ${message}` };
  }
  const [, content, line, column, reason] = positioned;
  const near = content ? ` near ${content}` : '';
  return {
    elementId: null,
    line: Number(line) + 1,
    message: `malformed XML at line ${Number(line) + 1}, column ${Number(column) + 1}${near}: ${reason}`,
  };
}

/**
 * bpmn-moddle reads leniently and reports what it skipped as warnings. Those that change
 * what would run (unknown elements, dangling references, misspelt flowcard attributes)
 * are errors; the rest (foreign attributes, diagram layout) stay warnings.
 */
function reportImportWarnings(warnings: ImportWarning[], issues: Issues): void {
  for (const warning of warnings) {
    const element = warning.element as BpmnElement | undefined;
    const positioned = POSITIONED.exec(warning.message);
    if (positioned) {
      const [, content, line, , reason] = positioned;
      issues.error(null, `cannot read ${content}: ${reason}`, Number(line) + 1);
    } else if (warning.message.startsWith('unresolved reference') && element) {
      const property = String(warning.property).replace(/^\w+:/, '');
      const message = `${property} refers to unknown element "${String(warning.value)}"`;
      if (SEMANTIC_REFERENCES.has(String(warning.property))) {
        issues.error(ownerId(element), message);
      } else {
        issues.warning(ownerId(element), message);
      }
    } else if (warning.message.startsWith('unknown attribute') && element) {
      if (element.$type.startsWith('flowcard:')) {
        issues.error(
          ownerId(element),
          `${xmlName(element.$type)} has no attribute "${String(warning.property)}"`,
        );
      } else {
        issues.warning(
          ownerId(element),
          `unknown attribute "${String(warning.property)}" is ignored`,
        );
      }
    } else {
      issues.warning(ownerId(element), warning.message);
    }
  }
}

/** The id of the element itself or, for an extension element, of the BPMN element holding it. */
function ownerId(element: BpmnElement | undefined): string | null {
  for (let current = element; current; current = current.$parent) {
    if (current.id) return current.id;
  }
  return null;
}

/** `flowcard:Action` → `flowcard:action`, as written in the XML. */
function xmlName(type: string): string {
  const [prefix, local] = type.split(':');
  return `${prefix}:${local.charAt(0).toLowerCase()}${local.slice(1)}`;
}

/** The only process, or the first executable one of a collaboration. */
function selectProcess(definitions: BpmnElement, issues: Issues): BpmnElement | null {
  const rootElements = definitions.rootElements ?? [];
  const processes = rootElements.filter((element) => element.$type === 'bpmn:Process');
  if (rootElements.some((element) => element.$type === 'bpmn:Collaboration')) {
    const executable = processes.find((process) => process.isExecutable);
    if (!executable) {
      issues.error(null, 'no process of the collaboration is executable (isExecutable="true")');
    }
    for (const process of processes) {
      if (process !== executable && (process.flowElements ?? []).length > 0) {
        issues.warning(
          process.id ?? null,
          'only the first executable process runs; this one is ignored',
        );
      }
    }
    return executable ?? null;
  }
  if (processes.length === 0) {
    issues.error(null, 'the document contains no process');
    return null;
  }
  if (processes.length > 1) {
    issues.error(
      processes[1].id ?? null,
      `the document contains ${processes.length} processes; only one is supported`,
    );
  }
  return processes[0];
}

function compileProcess(process: BpmnElement, issues: Issues): ExecutableModel | null {
  if (!process.id) issues.error(null, 'the process has no id');
  const flowElements = process.flowElements ?? [];
  const sequenceFlows = flowElements.filter((element) => element.$type === 'bpmn:SequenceFlow');
  const nodeElements = flowElements.filter((element) => element.$type !== 'bpmn:SequenceFlow');

  const nodes: Record<string, ModelNode> = {};
  const nodeIds = new Set<string>();
  for (const element of nodeElements) {
    if (!element.id) {
      issues.error(null, `a ${element.$type} has no id`);
      continue;
    }
    nodeIds.add(element.id);
    const node = compileNode(element, element.id, issues);
    if (node) nodes[node.id] = node;
  }

  const flows: Record<string, SequenceFlow> = {};
  for (const element of sequenceFlows) {
    const flow = compileFlow(element, nodeIds, issues);
    if (!flow) continue;
    flows[flow.id] = flow;
    nodes[flow.sourceId]?.outgoing.push(flow.id);
    nodes[flow.targetId]?.incoming.push(flow.id);
  }

  for (const node of Object.values(nodes)) checkConnections(node, flows, issues);
  const startNodeId = findStartNode(process, nodes, issues);
  if (!process.id || startNodeId === null) return null;
  return { processId: process.id, name: nameOf(process), startNodeId, nodes, flows };
}

function compileNode(element: BpmnElement, id: string, issues: Issues): ModelNode | null {
  if (!SUPPORTED_NODE_TYPES.has(element.$type)) {
    issues.error(id, `${element.$type} is not supported`);
    return null;
  }
  if (element.default && element.$type !== 'bpmn:ExclusiveGateway') {
    issues.error(id, 'default flows are only supported on exclusive gateways');
  }
  if (element.loopCharacteristics) {
    issues.error(id, `${element.loopCharacteristics.$type} is not supported`);
  }
  const base = { id, name: nameOf(element), incoming: [], outgoing: [] };
  const extensions = flowcardExtensions(element, id, issues);
  switch (element.$type) {
    case 'bpmn:StartEvent':
      return noEventDefinition(element, id, issues) ? { ...base, kind: 'startEvent' } : null;
    case 'bpmn:EndEvent':
      return noEventDefinition(element, id, issues) ? { ...base, kind: 'endEvent' } : null;
    case 'bpmn:ExclusiveGateway':
      return { ...base, kind: 'exclusiveGateway', defaultFlowId: element.default?.id ?? null };
    case 'bpmn:ParallelGateway':
      return { ...base, kind: 'parallelGateway' };
    case 'bpmn:ServiceTask': {
      const action = compileAction(extensions.get(ACTION), id, issues);
      return action ? { ...base, kind: 'serviceTask', action } : null;
    }
    case 'bpmn:UserTask': {
      const definition = extensions.get(TASK_DEFINITION);
      return {
        ...base,
        kind: 'userTask',
        assignee: checkedValue(definition?.assignee, 'text', id, 'assignee', issues),
        candidateRole: checkedValue(definition?.candidateRole, 'text', id, 'candidateRole', issues),
        dueIn: checkedValue(definition?.dueIn, 'duration', id, 'dueIn', issues),
      };
    }
    default: {
      // bpmn:IntermediateCatchEvent, the last supported type
      const duration = compileTimer(element, id, issues);
      return duration === null ? null : { ...base, kind: 'timerCatch', duration };
    }
  }
}

function noEventDefinition(element: BpmnElement, id: string, issues: Issues): boolean {
  for (const definition of element.eventDefinitions ?? []) {
    issues.error(id, `${element.$type} with ${definition.$type} is not supported`);
  }
  return (element.eventDefinitions ?? []).length === 0;
}

/** The element's flowcard extension elements by type, each checked to be in its place and unique. */
function flowcardExtensions(
  element: BpmnElement,
  id: string,
  issues: Issues,
): Map<string, BpmnElement> {
  const found = new Map<string, BpmnElement>();
  for (const extension of element.extensionElements?.values ?? []) {
    const host = EXTENSION_HOSTS[extension.$type];
    if (!host) continue;
    if (host !== element.$type) {
      issues.error(id, `${xmlName(extension.$type)} is only allowed on ${host}`);
    } else if (found.has(extension.$type)) {
      issues.error(id, `more than one ${xmlName(extension.$type)}`);
    } else {
      found.set(extension.$type, extension);
    }
  }
  return found;
}

function compileAction(
  action: BpmnElement | undefined,
  id: string,
  issues: Issues,
): CrmAction | null {
  if (!action) {
    issues.error(id, 'a service task needs a flowcard:action saying what it does');
    return null;
  }
  const type = CRM_ACTION_TYPES.find((known) => known === action.type);
  if (!type) {
    const written = action.type
      ? `unknown action type "${action.type}"`
      : 'the flowcard:action has no type';
    issues.error(id, `${written}; expected one of ${CRM_ACTION_TYPES.join(', ')}`);
    return null;
  }
  const used: readonly (typeof ACTION_ATTRIBUTES)[number][] =
    type === 'setClientStatus' ? ['status'] : ['subject', 'dueIn', 'assignee'];
  for (const attribute of ACTION_ATTRIBUTES) {
    if (!used.includes(attribute) && present(action[attribute]) !== null) {
      issues.warning(id, `${type} does not use "${attribute}"; it is ignored`);
    }
  }
  if (type === 'setClientStatus') {
    if (present(action.status) === null) issues.error(id, 'setClientStatus needs a status');
    const status = checkedValue(action.status, 'text', id, 'status', issues);
    return status === null ? null : { type, status };
  }
  if (present(action.subject) === null) issues.error(id, `${type} needs a subject`);
  const subject = checkedValue(action.subject, 'text', id, 'subject', issues);
  const dueIn = checkedValue(action.dueIn, 'duration', id, 'dueIn', issues);
  const assignee = checkedValue(action.assignee, 'text', id, 'assignee', issues);
  return subject === null ? null : { type, subject, dueIn, assignee };
}

function compileTimer(element: BpmnElement, id: string, issues: Issues): ValueExpression | null {
  const definitions = element.eventDefinitions ?? [];
  const timer = definitions.find((definition) => definition.$type === 'bpmn:TimerEventDefinition');
  if (!timer || definitions.length > 1) {
    const others = definitions
      .filter((definition) => definition !== timer)
      .map((definition) => definition.$type);
    issues.error(
      id,
      `${element.$type} ${others.length > 0 ? `with ${others.join(', ')}` : 'without a timer'} is not supported`,
    );
    return null;
  }
  if (timer.timeDate || timer.timeCycle) {
    issues.error(
      id,
      `bpmn:TimerEventDefinition with ${timer.timeDate ? 'timeDate' : 'timeCycle'} is not supported`,
    );
    return null;
  }
  const duration = present(timer.timeDuration?.body?.trim());
  if (duration === null) {
    issues.error(id, 'the timer has no timeDuration');
    return null;
  }
  return checkedValue(duration, 'duration', id, 'timeDuration', issues);
}

/**
 * A value from the diagram, checked now so a running instance never meets a typo:
 * a `=` FEEL expression must parse, a literal duration must be ISO-8601.
 * Returns null for an absent or empty value, and after reporting an invalid one.
 */
function checkedValue(
  value: string | undefined,
  kind: 'text' | 'duration',
  id: string,
  label: string,
  issues: Issues,
): ValueExpression | null {
  const written = present(value);
  if (written === null) return null;
  let problem: string | null;
  if (written.startsWith('=')) {
    problem = checkExpression(written.slice(1));
  } else {
    problem = kind === 'duration' ? durationProblem(written) : null;
  }
  if (problem === null) return written;
  issues.error(id, `${label}: ${problem}`);
  return null;
}

function durationProblem(text: string): string | null {
  try {
    durationToMs(text);
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}

function compileFlow(
  element: BpmnElement,
  nodeIds: Set<string>,
  issues: Issues,
): SequenceFlow | null {
  const id = element.id;
  if (!id) {
    issues.error(null, 'a sequence flow has no id');
    return null;
  }
  const sourceId = flowEnd(element.sourceRef, 'sourceRef', id, nodeIds, issues);
  const targetId = flowEnd(element.targetRef, 'targetRef', id, nodeIds, issues);
  const condition = compileCondition(element, id, issues);
  if (sourceId === null || targetId === null) return null;
  return { id, name: nameOf(element), sourceId, targetId, condition };
}

function flowEnd(
  end: BpmnElement | undefined,
  attribute: string,
  flowId: string,
  nodeIds: Set<string>,
  issues: Issues,
): string | null {
  if (end?.id && nodeIds.has(end.id)) return end.id;
  // An id that does not resolve at all was reported as an import warning already.
  if (!end) {
    if (!issues.hasErrorFor(flowId)) issues.error(flowId, `the sequence flow has no ${attribute}`);
  } else {
    issues.error(flowId, `${attribute} "${end.id ?? ''}" is not a flow node of this process`);
  }
  return null;
}

/** The condition's FEEL source without the optional leading `=`; null when unconditional. */
function compileCondition(element: BpmnElement, id: string, issues: Issues): string | null {
  if (!element.conditionExpression) return null;
  const body = (element.conditionExpression.body ?? '').trim();
  const source = body.startsWith('=') ? body.slice(1).trim() : body;
  const problem = checkExpression(source);
  if (problem !== null) issues.error(id, `condition: ${problem}`);
  // Kept even when invalid, so the gateway is not also reported as unconditioned.
  return source;
}

function checkConnections(
  node: ModelNode,
  flows: Record<string, SequenceFlow>,
  issues: Issues,
): void {
  if (node.kind === 'startEvent' && node.incoming.length > 0) {
    issues.error(node.id, 'a start event cannot have incoming sequence flows');
  }
  if (node.kind !== 'startEvent' && node.incoming.length === 0) {
    issues.error(node.id, 'no sequence flow leads here');
  }
  if (node.kind === 'endEvent' && node.outgoing.length > 0) {
    issues.error(node.id, 'an end event cannot have outgoing sequence flows');
  }
  if (node.kind !== 'endEvent' && node.outgoing.length === 0) {
    issues.error(node.id, 'no sequence flow leaves here');
  }
  for (const flowId of node.outgoing) {
    if (flows[flowId].condition !== null && node.kind !== 'exclusiveGateway') {
      issues.error(
        flowId,
        `a flow leaving a ${KIND_LABELS[node.kind]} cannot have a condition; only exclusive gateways choose between flows`,
      );
    }
  }
  if (node.kind === 'exclusiveGateway') checkExclusiveGateway(node, flows, issues);
}

function checkExclusiveGateway(
  gateway: ExclusiveGatewayNode,
  flows: Record<string, SequenceFlow>,
  issues: Issues,
): void {
  const { defaultFlowId } = gateway;
  if (defaultFlowId !== null && !gateway.outgoing.includes(defaultFlowId)) {
    issues.error(gateway.id, `the default flow "${defaultFlowId}" does not leave this gateway`);
  }
  if (defaultFlowId !== null && flows[defaultFlowId]?.condition) {
    issues.error(defaultFlowId, 'the default flow cannot have a condition');
  }
  if (gateway.outgoing.length < 2) return;
  const unguarded = gateway.outgoing.filter(
    (flowId) => flowId !== defaultFlowId && flows[flowId].condition === null,
  );
  if (unguarded.length > 0) {
    issues.error(
      gateway.id,
      `outgoing flows need a condition or to be the default flow: ${unguarded.join(', ')}`,
    );
  }
}

function findStartNode(
  process: BpmnElement,
  nodes: Record<string, ModelNode>,
  issues: Issues,
): string | null {
  const starts = Object.values(nodes).filter((node) => node.kind === 'startEvent');
  if (starts.length === 0) {
    // A start event that is present but unsupported (e.g. a message start) was reported already.
    const unsupportedStart = (process.flowElements ?? []).some(
      (element) => element.$type === 'bpmn:StartEvent',
    );
    if (!unsupportedStart) issues.error(process.id ?? null, 'the process has no start event');
    return null;
  }
  for (const extra of starts.slice(1)) {
    issues.error(
      extra.id,
      `only one start event is supported; the process already starts at "${starts[0].id}"`,
    );
  }
  return starts[0].id;
}

function nameOf(element: BpmnElement): string | null {
  return present(element.name);
}

/** The value as written, or null when absent or blank. */
function present(value: string | undefined): string | null {
  return value === undefined || value.trim() === '' ? null : value;
}
