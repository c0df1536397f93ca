import type { TerminateEndEventNode } from '../../engine/model';
import type { ElementRule } from './element-rule';
import { TERMINATE } from './event-definitions';

export const terminateEndEventRule: ElementRule<TerminateEndEventNode> = {
  kind: 'terminateEndEvent',
  type: 'bpmn:EndEvent',
  eventDefinition: TERMINATE,
  displayName: 'Terminate end event',
  extension: null,
  incoming: true,
  outgoing: false,
  choosesFlow: false,
  compile: ({ base }) => ({ ...base, kind: 'terminateEndEvent' }),
};
