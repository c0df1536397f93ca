import type { EndEventNode } from '../../engine/model';
import type { ElementRule } from './element-rule';

export const endEventRule: ElementRule<EndEventNode> = {
  kind: 'endEvent',
  type: 'bpmn:EndEvent',
  eventDefinition: null,
  displayName: 'End event',
  extension: null,
  incoming: true,
  outgoing: false,
  choosesFlow: false,
  compile: ({ base }) => ({ ...base, kind: 'endEvent' }),
};
