import type { ExclusiveGatewayNode } from '../../engine/model';
import type { ElementRule } from './element-rule';
import { checkChoosingGatewayFlows } from './gateway-flows';

export const exclusiveGatewayRule: ElementRule<ExclusiveGatewayNode> = {
  kind: 'exclusiveGateway',
  type: 'bpmn:ExclusiveGateway',
  eventDefinition: null,
  displayName: 'Exclusive gateway',
  extension: null,
  incoming: true,
  outgoing: true,
  choosesFlow: true,
  compile: ({ base, element }) => ({
    ...base,
    kind: 'exclusiveGateway',
    defaultFlowId: element.default?.id ?? null,
  }),
  checkFlows: checkChoosingGatewayFlows,
};
