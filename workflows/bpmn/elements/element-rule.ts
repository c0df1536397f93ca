/**
 * How the compiler turns one kind of BPMN element into a model node: one module per kind
 * implementing `ElementRule`, registered in `./index.ts`. The compiler core finds the rule
 * by BPMN type and event definition and applies the checks every element shares (ids,
 * default flows, loops, extension placement, connections); a rule checks and compiles the
 * rest. The registry is also the capability list (../capabilities.ts).
 */
import type { ModelNode, NodeBase, SequenceFlow } from '../../engine/model';
import type { BpmnElement } from '../bpmn-element';
import type { Issues } from '../issues';

export type NodeKind = ModelNode['kind'];

export type NodeOfKind<K extends NodeKind> = Extract<ModelNode, { kind: K }>;

export interface EventDefinition {
  /** As bpmn-moddle and bpmn-js name it, e.g. `bpmn:TimerEventDefinition`. */
  type: string;
  displayName: string;
}

export interface ElementRule<N extends ModelNode = ModelNode> {
  /** The model node kind it compiles to. */
  kind: N['kind'];
  /** The BPMN element type, as bpmn-moddle and bpmn-js name it, e.g. `bpmn:UserTask`. */
  type: string;
  /**
   * For `bpmn:SubProcess`: true for the rule of event subprocesses (`triggeredByEvent`); the
   * element's flag must match (absent means false).
   */
  triggeredByEvent?: boolean;
  /** For event subprocesses: the event definitions the start event inside may carry. */
  startEventDefinitions?: readonly EventDefinition[];
  /** For event subprocesses: those of `startEventDefinitions` that may leave their scope running. */
  nonInterruptingStartEventDefinitions?: readonly EventDefinition[];
  /** For boundary events: whether they may leave their activity running (`cancelActivity="false"`). */
  nonInterrupting?: boolean;
  /** The one event definition the element carries, or null when it must carry none. */
  eventDefinition: EventDefinition | null;
  /** For people; error messages use it in lower case ("a flow leaving a start event ..."). */
  displayName: string;
  /** The flowcard extension element it reads (moddle type, e.g. `flowcard:Action`), or null. */
  extension: string | null;
  /** Further flowcard extension elements it reads (a user task's `flowcard:FormDefinition`). */
  moreExtensions?: readonly string[];
  /** Whether sequence flows may come in (not into a start event) and go out (not out of an end event). */
  incoming: boolean;
  outgoing: boolean;
  /** Whether its outgoing flows may carry conditions, and one of them be the default flow. */
  choosesFlow: boolean;
  /** The node, or null after reporting why the element cannot run. */
  compile(source: ElementSource, issues: Issues): N | null;
  /** Checks of its flows beyond those every element gets, once all flows are known. */
  checkFlows?(
    node: N,
    flows: Record<string, SequenceFlow>,
    issues: Issues,
    nodes: Record<string, ModelNode>,
  ): void;
}

export interface ElementSource {
  /** The BPMN element; when the rule takes an event definition, it carries exactly that one. */
  element: BpmnElement;
  id: string;
  /** What every node has: id, name and (still empty) flow lists. */
  base: NodeBase;
  /** The rule's flowcard extension element, when the diagram has one. */
  extension: BpmnElement | undefined;
  /** Every flowcard extension element of the element, by moddle type. */
  extensions: ReadonlyMap<string, BpmnElement>;
  /** What the deploy fixes for the whole diagram. */
  limits: CompileLimits;
  /**
   * Compiles the flow elements inside the element (a subprocess's) into the model; null
   * after reporting why they cannot run. `compileStart` compiles the start events inside
   * instead of the start event rules (an event subprocess's carry its trigger).
   */
  compileInner(compileStart?: (base: NodeBase) => ModelNode): InnerScope | null;
}

/** Fixed by the deploying server for the whole diagram. */
export interface CompileLimits {
  /** The longest wait a timer may set. */
  maxTimerMs: number;
  /** The deploy time (epoch ms), which literal timer dates are measured from. */
  now: number;
}

/** What a subprocess holds once its inside is compiled. */
export interface InnerScope {
  startNodeId: string;
  /** The nodes directly inside it. */
  nodeIds: string[];
}
