import { evaluateCondition } from '../../expressions/feel';
import { attempt } from '../evaluation';
import { describeNode, InstanceFailure } from '../failure';
import type { InclusiveGatewayNode } from '../model';
import { canReach } from '../reachability';
import type { Token } from '../types';
import type { ElementBehaviour, ElementContext } from './element-behaviour';

/**
 * Split: a token along every outgoing flow whose condition holds, or the default flow when
 * none does. With several incoming flows it is a join first (see `settleJoin`).
 */
export const inclusiveGatewayBehaviour: ElementBehaviour<InclusiveGatewayNode> = {
  enter(gateway, token, viaFlowId, context) {
    if (gateway.incoming.length > 1) return arriveAtJoin(gateway, token, viaFlowId, context);
    split(gateway, token, context);
  },

  /**
   * The join rule: once every token of the batch has moved as far as it can, the join goes
   * on when nothing can still arrive, whichever flows have delivered. Something can arrive
   * from a token at an element from which the join can be reached (along sequence flows and
   * link events), and from another join holding arrivals before it: a join the gateway can
   * reach in turn (both on one loop) does not count, or the two would wait for each other.
   * A token that could come back to the join through a loop does keep it waiting.
   */
  settleJoin(gateway, context) {
    const { model } = context;
    const leadsHere = (nodeId: string) => canReach(model, nodeId, gateway.id);
    const stillComing =
      context.tokens.some((token) => leadsHere(token.nodeId)) ||
      Object.keys(context.joins).some(
        (joinId) =>
          joinId !== gateway.id && leadsHere(joinId) && !canReach(model, gateway.id, joinId),
      );
    if (stillComing) return;
    const arrived = context.joins[gateway.id];
    const taken = [...new Set(arrived)];
    for (const flowId of taken) arrived.splice(arrived.indexOf(flowId), 1);
    if (arrived.length === 0) delete context.joins[gateway.id];
    split(gateway, context.newToken(gateway.id), context);
  },

  strandedJoin(gateway, arrivedFlowIds) {
    return (
      `inclusive gateway ${describeNode(gateway)} holds arrivals along ${arrivedFlowIds.join(', ')}, ` +
      'but waits for a join before it that can no longer go on'
    );
  },
};

/** Like a parallel join, the gateway is started and completed only when it goes on. */
function arriveAtJoin(
  gateway: InclusiveGatewayNode,
  token: Token,
  viaFlowId: string | null,
  context: ElementContext,
): void {
  if (viaFlowId === null) {
    throw new Error(`token ${token.id} reached join ${gateway.id} along no flow`);
  }
  context.removeToken(token);
  context.joins[gateway.id] = [...(context.joins[gateway.id] ?? []), viaFlowId];
}

function split(gateway: InclusiveGatewayNode, token: Token, context: ElementContext): void {
  context.elementStarted(gateway, token);
  const flowIds = chooseFlows(gateway, context);
  context.elementCompleted(gateway, token);
  context.leave(token, flowIds);
}

/** Every outgoing flow (in document order) whose condition holds or that has none, else the default. */
function chooseFlows(gateway: InclusiveGatewayNode, context: ElementContext): string[] {
  const chosen = gateway.outgoing.filter((flowId) => {
    if (flowId === gateway.defaultFlowId) return false;
    const { condition } = context.model.flows[flowId];
    if (condition === null) return true;
    return attempt(gateway.id, `the condition of flow ${flowId}`, () =>
      evaluateCondition(condition, context.variables),
    );
  });
  if (chosen.length > 0) return chosen;
  if (gateway.defaultFlowId !== null) return [gateway.defaultFlowId];
  throw new InstanceFailure(
    gateway.id,
    `no condition of inclusive gateway ${describeNode(gateway)} is true and it has no default flow`,
  );
}
