import type { ParallelGatewayNode } from '../../engine/model';
import type { ElementRule } from './element-rule';

export const parallelGatewayRule: ElementRule<ParallelGatewayNode> = {
  kind: 'parallelGateway',
  type: 'bpmn:ParallelGateway',
  eventDefinition: null,
  displayName: 'Parallel gateway',
  extension: null,
  incoming: true,
  outgoing: true,
  choosesFlow: false,
  compile: ({ base }) => ({ ...base, kind: 'parallelGateway' }),
};
