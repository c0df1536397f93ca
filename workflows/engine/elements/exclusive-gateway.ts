import { evaluateCondition } from '../../expressions/feel';
import { attempt } from '../evaluation';
import { describeNode, InstanceFailure } from '../failure';
import type { ExclusiveGatewayNode } from '../model';
import type { ElementBehaviour, ElementContext } from './element-behaviour';

export const exclusiveGatewayBehaviour: ElementBehaviour<ExclusiveGatewayNode> = {
  enter(gateway, token, _viaFlowId, context) {
    context.elementStarted(gateway, token);
    const flowId = chooseFlow(gateway, context);
    context.elementCompleted(gateway, token);
    context.leave(token, [flowId]);
  },
};

/** The first outgoing flow (in document order) whose condition holds, else the default. */
function chooseFlow(gateway: ExclusiveGatewayNode, context: ElementContext): string {
  for (const flowId of gateway.outgoing) {
    if (flowId === gateway.defaultFlowId) continue;
    const { condition } = context.model.flows[flowId];
    if (condition === null) return flowId;
    const holds = attempt(gateway.id, `the condition of flow ${flowId}`, () =>
      evaluateCondition(condition, context.variables),
    );
    if (holds) return flowId;
  }
  if (gateway.defaultFlowId !== null) return gateway.defaultFlowId;
  throw new InstanceFailure(
    gateway.id,
    `no condition of exclusive gateway ${describeNode(gateway)} is true and it has no default flow`,
  );
}
