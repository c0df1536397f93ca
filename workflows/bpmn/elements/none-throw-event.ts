import type { NoneThrowNode } from '../../engine/model';
import type { ElementRule } from './element-rule';

/** An intermediate throw event without a definition: a milestone that passes the token on. */
export const noneThrowEventRule: ElementRule<NoneThrowNode> = {
  kind: 'noneThrow',
  type: 'bpmn:IntermediateThrowEvent',
  eventDefinition: null,
  displayName: 'Intermediate throw event',
  extension: null,
  incoming: true,
  outgoing: true,
  choosesFlow: false,
  compile: ({ base }) => ({ ...base, kind: 'noneThrow' }),
};
