import type { ExclusiveGatewayNode } from '../../engine/model';
import type { ElementRule } from './element-rule';

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

  checkFlows(gateway, flows, issues) {
    const { defaultFlowId } = gateway;
    if (defaultFlowId !== null && !gateway.outgoing.includes(defaultFlowId)) {
      issues.error(gateway.id, `the default flow "${defaultFlowId}" does not leave this gateway`);
    }
    if (defaultFlowId !== null && flows[defaultFlowId]?.condition) {
      issues.error(defaultFlowId, 'the default flow cannot have a condition');
    }
    if (gateway.outgoing.length < 2) return;
    const unguarded = gateway.outgoing.filter(
      (flowId) => flowId !== defaultFlowId && flows[flowId].condition === null,
    );
    if (unguarded.length > 0) {
      issues.error(
        gateway.id,
        `outgoing flows need a condition or to be the default flow: ${unguarded.join(', ')}`,
      );
    }
  },
};
