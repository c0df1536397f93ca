import { describeNode } from '../failure';
import type { ParallelGatewayNode } from '../model';
import type { Token } from '../types';
import type { ElementBehaviour, ElementContext } from './element-behaviour';

/** Forks a token into one per outgoing flow; with several incoming flows, joins them first. */
export const parallelGatewayBehaviour: ElementBehaviour<ParallelGatewayNode> = {
  enter(gateway, token, viaFlowId, context) {
    if (gateway.incoming.length > 1) return arriveAtJoin(gateway, token, viaFlowId, context);
    context.elementStarted(gateway, token);
    context.elementCompleted(gateway, token);
    context.leave(token, gateway.outgoing);
  },

  strandedJoin(gateway, arrivedFlowIds) {
    const missing = gateway.incoming.filter((flowId) => !arrivedFlowIds.includes(flowId));
    return (
      `parallel gateway ${describeNode(gateway)} waits for flows ${missing.join(', ')}, ` +
      'but no token is left to arrive along them'
    );
  },
};

/**
 * A parallel join consumes each arriving token and notes the flow it came along
 * (`joins[gatewayId]`, a queue per flow: a flow may deliver twice before the others
 * deliver once). When every incoming flow has delivered, it takes one arrival from each
 * and goes on with a single new token. Like Zeebe, the gateway is started and completed
 * only then, so the live map does not show it while it waits.
 */
function arriveAtJoin(
  gateway: ParallelGatewayNode,
  token: Token,
  viaFlowId: string | null,
  context: ElementContext,
): void {
  if (viaFlowId === null) {
    throw new Error(`token ${token.id} reached join ${gateway.id} along no flow`);
  }
  context.removeToken(token);
  const arrived = [...(context.joins[gateway.id] ?? []), viaFlowId];
  const complete = gateway.incoming.every((flowId) => arrived.includes(flowId));
  if (complete) {
    for (const flowId of gateway.incoming) arrived.splice(arrived.indexOf(flowId), 1);
  }
  if (arrived.length > 0) {
    context.joins[gateway.id] = arrived;
  } else {
    delete context.joins[gateway.id];
  }
  if (!complete) return;
  const joined = context.newToken(gateway.id);
  context.elementStarted(gateway, joined);
  context.elementCompleted(gateway, joined);
  context.leave(joined, gateway.outgoing);
}
