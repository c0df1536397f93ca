import type { EventDefinition } from './element-rule';

export const TIMER: EventDefinition = { type: 'bpmn:TimerEventDefinition', displayName: 'Timer' };
