/**
 * The executable model: what the BPMN compiler produces and the engine runs.
 * Plain JSON (no classes, no functions) so it travels as Temporal workflow input
 * and is stored beside the definition. Everything is resolved at compile time:
 * a running instance never needs the XML again.
 */

/**
 * A value written in the diagram. A string starting with `=` is a FEEL expression
 * evaluated against the instance variables when the step runs (Camunda's convention);
 * anything else is a literal.
 */
export type ValueExpression = string;

export interface ExecutableModel {
  /** BPMN process id, e.g. `application-handling`; becomes the definition key. */
  processId: string;
  name: string | null;
  startNodeId: string;
  nodes: Record<string, ModelNode>;
  flows: Record<string, SequenceFlow>;
}

export interface SequenceFlow {
  id: string;
  name: string | null;
  sourceId: string;
  targetId: string;
  /** FEEL boolean expression (without the leading `=`); null when unconditional. */
  condition: string | null;
}

/** What every node has. */
export interface NodeBase {
  id: string;
  name: string | null;
  incoming: string[];
  outgoing: string[];
}

export interface StartEventNode extends NodeBase {
  kind: 'startEvent';
}

export interface EndEventNode extends NodeBase {
  kind: 'endEvent';
}

export interface ExclusiveGatewayNode extends NodeBase {
  kind: 'exclusiveGateway';
  defaultFlowId: string | null;
}

export interface ParallelGatewayNode extends NodeBase {
  kind: 'parallelGateway';
}

export interface ServiceTaskNode extends NodeBase {
  kind: 'serviceTask';
  action: CrmAction;
}

export interface UserTaskNode extends NodeBase {
  kind: 'userTask';
  /** User id or email of the assignee. */
  assignee: ValueExpression | null;
  /** Role whose members may claim the task, e.g. `manager`. */
  candidateRole: ValueExpression | null;
  /** ISO-8601 duration from task creation to its due time. */
  dueIn: ValueExpression | null;
}

export interface TimerCatchNode extends NodeBase {
  kind: 'timerCatch';
  /** ISO-8601 duration (literal or FEEL expression yielding a duration or its string). */
  duration: ValueExpression;
}

export type ModelNode =
  | StartEventNode
  | EndEventNode
  | ExclusiveGatewayNode
  | ParallelGatewayNode
  | ServiceTaskNode
  | UserTaskNode
  | TimerCatchNode;

export type ActivityKind = 'call' | 'task' | 'meeting';

/** `createCall`, `createTask` and `createMeeting` put a planned activity on the client card. */
export interface CreateActivityAction {
  type: 'createCall' | 'createTask' | 'createMeeting';
  subject: ValueExpression;
  /** ISO-8601 duration from now to the activity's due (or meeting) time. */
  dueIn: ValueExpression | null;
  /** User id or email of the person who should do it; the client's owner when null. */
  assignee: ValueExpression | null;
}

export interface SetClientStatusAction {
  type: 'setClientStatus';
  status: ValueExpression;
}

export type CrmAction = CreateActivityAction | SetClientStatusAction;
