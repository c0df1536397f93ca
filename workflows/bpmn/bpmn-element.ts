/**
 * A loose view of a bpmn-moddle element: only the properties the compiler reads.
 * Which of them are present depends on `$type`.
 */
export interface BpmnElement {
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
  loopCondition?: { body?: string };
  loopMaximum?: number | string;
  testBefore?: boolean;
  // bpmn:multiInstanceLoopCharacteristics and its flowcard:loopCharacteristics
  isSequential?: boolean;
  completionCondition?: { body?: string };
  inputCollection?: string;
  inputElement?: string;
  outputCollection?: string;
  outputElement?: string;
  sourceRef?: BpmnElement;
  targetRef?: BpmnElement;
  conditionExpression?: { body?: string };
  default?: BpmnElement;
  /** bpmn:sendTask and bpmn:messageEventDefinition: the bpmn:message, which has a name. */
  messageRef?: BpmnElement;
  signalRef?: BpmnElement;
  // bpmn:boundaryEvent
  attachedToRef?: BpmnElement;
  cancelActivity?: boolean;
  // bpmn:errorEventDefinition → bpmn:error, bpmn:escalationEventDefinition → bpmn:escalation
  errorRef?: BpmnElement;
  errorCode?: string;
  escalationRef?: BpmnElement;
  escalationCode?: string;
  // bpmn:subProcess
  triggeredByEvent?: boolean;
  // bpmn:startEvent in an event subprocess
  isInterrupting?: boolean;
  timeDuration?: { body?: string };
  timeDate?: { body?: string };
  timeCycle?: { body?: string };
  // bpmn:conditionalEventDefinition
  condition?: { body?: string };
  // bpmn:scriptTask (with flowcard:resultVariable) and flowcard:script
  scriptFormat?: string;
  script?: string;
  expression?: string;
  resultVariable?: string;
  // flowcard:subscription
  correlationKey?: string;
  // bpmn:callActivity
  calledElement?: string;
  // flowcard:calledElement, its flowcard:input and flowcard:output (source, target)
  processKey?: string;
  version?: string;
  inputs?: BpmnElement[];
  source?: string;
  target?: string;
  // flowcard:trigger
  event?: string;
  filter?: string;
  // flowcard:action and flowcard:taskDefinition
  type?: string;
  subject?: string;
  dueIn?: string;
  assignee?: string;
  status?: string;
  title?: string;
  amount?: string;
  currency?: string;
  pipeline?: string;
  stage?: string;
  client?: string;
  owner?: string;
  deal?: string;
  candidateRole?: string;
  candidateTeam?: string;
  dueDate?: string;
  followUpIn?: string;
  followUpDate?: string;
  /** flowcard:taskDefinition's flowcard:output list, and flowcard:calledElement's */
  outputs?: BpmnElement[];
  /** flowcard:output */
  required?: boolean;
  /** flowcard:formDefinition */
  formKey?: string;
  /** addNote's text; flowcard:formDefinition and flowcard:userTaskForm: the form-js JSON */
  body?: string;
}

/** `flowcard:Action` → `flowcard:action`, as written in the XML. */
export function xmlName(type: string): string {
  const [prefix, local] = type.split(':');
  return `${prefix}:${local.charAt(0).toLowerCase()}${local.slice(1)}`;
}
