import type { ManualTaskNode } from '../../engine/model';
import type { ElementRule } from './element-rule';

/** Work done outside Flowcard; it passes the token on (use a user task to wait for a person). */
export const manualTaskRule: ElementRule<ManualTaskNode> = {
  kind: 'manualTask',
  type: 'bpmn:ManualTask',
  eventDefinition: null,
  displayName: 'Manual task',
  extension: null,
  incoming: true,
  outgoing: true,
  choosesFlow: false,
  compile: ({ base }) => ({ ...base, kind: 'manualTask' }),
};
