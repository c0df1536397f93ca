import type { EventDefinition } from './element-rule';

export const TIMER: EventDefinition = { type: 'bpmn:TimerEventDefinition', displayName: 'Timer' };

export const TERMINATE: EventDefinition = {
  type: 'bpmn:TerminateEventDefinition',
  displayName: 'Terminate',
};

export const LINK: EventDefinition = { type: 'bpmn:LinkEventDefinition', displayName: 'Link' };

export const MESSAGE: EventDefinition = {
  type: 'bpmn:MessageEventDefinition',
  displayName: 'Message',
};

export const ERROR: EventDefinition = { type: 'bpmn:ErrorEventDefinition', displayName: 'Error' };

export const ESCALATION: EventDefinition = {
  type: 'bpmn:EscalationEventDefinition',
  displayName: 'Escalation',
};

export const SIGNAL: EventDefinition = {
  type: 'bpmn:SignalEventDefinition',
  displayName: 'Signal',
};

export const CONDITIONAL: EventDefinition = {
  type: 'bpmn:ConditionalEventDefinition',
  displayName: 'Conditional',
};
