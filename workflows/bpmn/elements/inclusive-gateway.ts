import type { InclusiveGatewayNode } from '../../engine/model';
import type { ElementRule } from './element-rule';
import { checkChoosingGatewayFlows } from './gateway-flows';

/** Splits along every flow whose condition holds; joins what can still arrive (see the engine). */
export const inclusiveGatewayRule: ElementRule<InclusiveGatewayNode> = {
  kind: 'inclusiveGateway',
  type: 'bpmn:InclusiveGateway',
  eventDefinition: null,
  displayName: 'Inclusive gateway',
  extension: null,
  incoming: true,
  outgoing: true,
  choosesFlow: true,
  compile: ({ base, element }) => ({
    ...base,
    kind: 'inclusiveGateway',
    defaultFlowId: element.default?.id ?? null,
  }),
  checkFlows: checkChoosingGatewayFlows,
};
