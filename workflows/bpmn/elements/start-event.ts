import type { StartEventNode } from '../../engine/model';
import type { ElementRule } from './element-rule';

/** The none start event: the process starts here when it is started by hand or by the API. */
export const startEventRule: ElementRule<StartEventNode> = {
  kind: 'startEvent',
  type: 'bpmn:StartEvent',
  eventDefinition: null,
  displayName: 'Start event',
  extension: null,
  incoming: false,
  outgoing: true,
  choosesFlow: false,
  compile: ({ base }) => ({ ...base, kind: 'startEvent' }),
};
