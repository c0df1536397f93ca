/**
 * BPMN 2.0 XML → executable model. This is where diagrams are rejected: every problem is
 * reported with the element id (and source line) so the designer can point at it, and all
 * problems are reported at once, not only the first.
 *
 * This core reads the document, picks the process, compiles the sequence flows and applies
 * the checks every element shares; what each kind of element accepts lives in `./elements`.
 */
import { BpmnModdle, type ImportResult } from 'bpmn-moddle';
import {
  DEFAULT_MAX_TIMER_MS,
  type ExecutableModel,
  type ModelNode,
  type NodeBase,
  type SequenceFlow,
} from '../engine/model';
import { checkExpression } from '../expressions/feel';
import { type BpmnElement, xmlName } from './bpmn-element';
import { compileLoop } from './loops';
import { ELEMENTS, extensionHosts, PROCESS_START_KINDS, ruleOf, rulesOfType } from './elements';
import type { CompileLimits, ElementRule, InnerScope } from './elements/element-rule';
import { startEventRule } from './elements/start-event';
import flowcardDescriptor from './flowcard.json';
import { reportImportWarnings, unreadableDocument } from './import-warnings';
import { type CompileIssue, Issues } from './issues';
import { nameOf } from './values';

export type { CompileIssue } from './issues';

export type CompileResult =
  | { ok: true; model: ExecutableModel; warnings: CompileIssue[] }
  | { ok: false; errors: CompileIssue[] };

/** "exclusive gateways and inclusive gateways": the elements whose outgoing flows may have conditions and a default. */
const FLOW_CHOOSERS = ELEMENTS.filter((rule) => rule.choosesFlow)
  .map((rule) => `${rule.displayName.toLowerCase()}s`)
  .join(', ')
  .replace(/, ([^,]*)$/, ' and $1');

/** What the server configures; the deploy time defaults to now. */
export interface CompileOptions {
  maxTimerMs?: number;
  now?: number;
}

export async function compileBpmn(
  xml: string,
  options: CompileOptions = {},
): Promise<CompileResult> {
  let imported: ImportResult;
  try {
    imported = await BpmnModdle({ flowcard: flowcardDescriptor }).fromXML(xml);
  } catch (error) {
    return { ok: false, errors: [unreadableDocument(error)] };
  }
  const issues = new Issues(xml);
  reportImportWarnings(imported.warnings, issues);
  return compileRead(imported.rootElement as BpmnElement, issues, options);
}

/**
 * The same checks on a document bpmn-moddle has read already with our descriptor, such as the
 * one open in the modeler, whose live lint runs this: what lint accepts, a deploy accepts
 * (short of the server's checks of CRM data, such as a stage that exists). Without the XML
 * text, issues carry no line; what the reader skipped was reported when the document was read.
 */
export function compileDefinitions(
  definitions: BpmnElement,
  options: CompileOptions = {},
): CompileResult {
  return compileRead(definitions, new Issues(''), options);
}

function compileRead(
  definitions: BpmnElement,
  issues: Issues,
  options: CompileOptions,
): CompileResult {
  const limits: CompileLimits = {
    maxTimerMs: options.maxTimerMs ?? DEFAULT_MAX_TIMER_MS,
    now: options.now ?? Date.now(),
  };
  const process = selectProcess(definitions, issues);
  const model = process ? compileProcess(process, issues, limits) : null;
  if (issues.errors.length > 0 || !model) return { ok: false, errors: issues.errors };
  return { ok: true, model, warnings: issues.warnings };
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

function compileProcess(
  process: BpmnElement,
  issues: Issues,
  limits: CompileLimits,
): ExecutableModel | null {
  if (!process.id) issues.error(null, 'the process has no id');
  const nodes: Record<string, ModelNode> = {};
  const flows: Record<string, SequenceFlow> = {};
  const scope = compileScope(process, nodes, flows, issues, limits);
  for (const node of Object.values(nodes)) checkConnections(node, nodes, flows, issues);
  const startNodeId = findStartNode(process, scope, nodes, issues);
  if (!process.id || startNodeId === null) return null;
  const model: ExecutableModel = {
    processId: process.id,
    name: nameOf(process),
    startNodeId,
    nodes,
    flows,
  };
  // Written only when not the default, so models deployed before the setting stay as they were.
  if (limits.maxTimerMs !== DEFAULT_MAX_TIMER_MS) model.maxTimerMs = limits.maxTimerMs;
  return model;
}

/**
 * Compiles the flow elements of the process or of a subprocess into `nodes` and `flows`;
 * the ids of the nodes directly inside it. A sequence flow stays within its scope.
 */
function compileScope(
  container: BpmnElement,
  nodes: Record<string, ModelNode>,
  flows: Record<string, SequenceFlow>,
  issues: Issues,
  limits: CompileLimits,
  compileStart?: (base: NodeBase) => ModelNode,
): string[] {
  const flowElements = container.flowElements ?? [];
  const sequenceFlows = flowElements.filter((element) => element.$type === 'bpmn:SequenceFlow');
  const nodeElements = flowElements.filter((element) => element.$type !== 'bpmn:SequenceFlow');

  const scope: string[] = [];
  const nodeIds = new Set<string>();
  for (const element of nodeElements) {
    if (!element.id) {
      issues.error(null, `a ${element.$type} has no id`);
      continue;
    }
    nodeIds.add(element.id);
    const compileInner = (innerStart?: (base: NodeBase) => ModelNode) =>
      compileSubScope(element, nodes, flows, issues, limits, innerStart);
    const node =
      compileStart && element.$type === startEventRule.type
        ? compileStart({ id: element.id, name: nameOf(element), incoming: [], outgoing: [] })
        : compileNode(element, element.id, compileInner, issues, limits);
    if (node) {
      nodes[node.id] = node;
      scope.push(node.id);
    }
  }

  for (const element of sequenceFlows) {
    const flow = compileFlow(element, nodeIds, issues);
    if (!flow) continue;
    flows[flow.id] = flow;
    nodes[flow.sourceId]?.outgoing.push(flow.id);
    nodes[flow.targetId]?.incoming.push(flow.id);
  }
  return scope;
}

/** The inside of a subprocess: its nodes and its start node, or null after reporting why not. */
function compileSubScope(
  subProcess: BpmnElement,
  nodes: Record<string, ModelNode>,
  flows: Record<string, SequenceFlow>,
  issues: Issues,
  limits: CompileLimits,
  compileStart?: (base: NodeBase) => ModelNode,
): InnerScope | null {
  const nodeIds = compileScope(subProcess, nodes, flows, issues, limits, compileStart);
  const startNodeId = findStartNode(subProcess, nodeIds, nodes, issues);
  return startNodeId === null ? null : { startNodeId, nodeIds };
}

function compileNode(
  element: BpmnElement,
  id: string,
  compileInner: (compileStart?: (base: NodeBase) => ModelNode) => InnerScope | null,
  issues: Issues,
  limits: CompileLimits,
): ModelNode | null {
  const rules = rulesOfType(element.$type).filter(
    (rule) => (rule.triggeredByEvent ?? false) === (element.triggeredByEvent === true),
  );
  if (rules.length === 0) {
    issues.error(id, `${element.$type} is not supported`);
    return null;
  }
  if (element.default && !rules.some((rule) => rule.choosesFlow)) {
    issues.error(id, `default flows are only supported on ${FLOW_CHOOSERS}`);
  }
  const loop = compileLoop(element, id, issues);
  const extensions = flowcardExtensions(element, id, issues);
  const rule = matchEventDefinition(element, rules, id, issues);
  if (!rule) return null;
  const base = { id, name: nameOf(element), incoming: [], outgoing: [] };
  const extension = rule.extension === null ? undefined : extensions.get(rule.extension);
  const node = rule.compile(
    { element, id, base, extension, extensions, compileInner, limits },
    issues,
  );
  return node && loop ? { ...node, ...loop } : node;
}

/**
 * The rule for the element's event definition: an element carries at most one, of a kind
 * its type accepts (or none, where the type accepts that).
 */
function matchEventDefinition(
  element: BpmnElement,
  rules: ElementRule[],
  id: string,
  issues: Issues,
): ElementRule | null {
  const definitions = element.eventDefinitions ?? [];
  if (definitions.length === 0) {
    const plain = rules.find((rule) => rule.eventDefinition === null);
    if (plain) return plain;
    const wanted = rules.flatMap(({ eventDefinition }) =>
      eventDefinition ? [withArticle(eventDefinition.displayName.toLowerCase())] : [],
    );
    issues.error(id, `${element.$type} without ${wanted.join(' or ')} is not supported`);
    return null;
  }
  const ruleFor = (definition: BpmnElement) =>
    rules.find((rule) => rule.eventDefinition?.type === definition.$type);
  const usable = definitions.find(ruleFor);
  if (usable && definitions.length === 1) return ruleFor(usable) ?? null;
  const unusable = definitions.filter((definition) => definition !== usable);
  issues.error(
    id,
    `${element.$type} with ${unusable.map((definition) => definition.$type).join(', ')} is not supported`,
  );
  return null;
}

/** The element's flowcard extension elements by type, each checked to be in its place and unique. */
function flowcardExtensions(
  element: BpmnElement,
  id: string,
  issues: Issues,
): Map<string, BpmnElement> {
  const found = new Map<string, BpmnElement>();
  for (const extension of element.extensionElements?.values ?? []) {
    const hosts = extensionHosts(extension.$type);
    if (hosts.length === 0) continue;
    if (!hosts.includes(element.$type)) {
      issues.error(id, `${xmlName(extension.$type)} is only allowed on ${hosts.join(', ')}`);
    } else if (found.has(extension.$type)) {
      issues.error(id, `more than one ${xmlName(extension.$type)}`);
    } else {
      found.set(extension.$type, extension);
    }
  }
  return found;
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
  nodes: Record<string, ModelNode>,
  flows: Record<string, SequenceFlow>,
  issues: Issues,
): void {
  const rule = ruleOf(node.kind);
  const described = withArticle(rule.displayName.toLowerCase());
  if (!rule.incoming && node.incoming.length > 0) {
    issues.error(node.id, `${described} cannot have incoming sequence flows`);
  }
  if (rule.incoming && node.incoming.length === 0) {
    issues.error(node.id, 'no sequence flow leads here');
  }
  if (!rule.outgoing && node.outgoing.length > 0) {
    issues.error(node.id, `${described} cannot have outgoing sequence flows`);
  }
  if (rule.outgoing && node.outgoing.length === 0) {
    issues.error(node.id, 'no sequence flow leaves here');
  }
  for (const flowId of node.outgoing) {
    if (flows[flowId].condition !== null && !rule.choosesFlow) {
      issues.error(
        flowId,
        `a flow leaving ${described} cannot have a condition; only ${FLOW_CHOOSERS} choose between flows`,
      );
    }
  }
  rule.checkFlows?.(node, flows, issues, nodes);
}

/** The one start event directly inside the process or subprocess. */
function findStartNode(
  container: BpmnElement,
  scope: string[],
  nodes: Record<string, ModelNode>,
  issues: Issues,
): string | null {
  const what = container.$type === 'bpmn:Process' ? 'process' : 'subprocess';
  const startKinds = what === 'process' ? PROCESS_START_KINDS : [startEventRule.kind];
  const starts = scope.filter((nodeId) => startKinds.includes(nodes[nodeId].kind));
  if (what === 'subprocess') {
    for (const nodeId of scope) {
      const { kind } = nodes[nodeId];
      if (kind !== startEventRule.kind && PROCESS_START_KINDS.includes(kind)) {
        const trigger = ruleOf(kind).eventDefinition?.displayName.toLowerCase() ?? kind;
        issues.error(nodeId, `a subprocess starts with a none start event, not a ${trigger}`);
      }
    }
  }
  if (starts.length === 0) {
    // A start event that is present but unsupported (e.g. a message start) was reported already.
    const unsupportedStart = (container.flowElements ?? []).some(
      (element) => element.$type === startEventRule.type,
    );
    if (!unsupportedStart) issues.error(container.id ?? null, `the ${what} has no start event`);
    return null;
  }
  for (const extra of starts.slice(1)) {
    issues.error(
      extra,
      `only one start event is supported; the ${what} already starts at "${starts[0]}"`,
    );
  }
  return starts[0];
}

/** "a start event", "an end event". */
function withArticle(noun: string): string {
  return `${/^[aeiou]/.test(noun) ? 'an' : 'a'} ${noun}`;
}
