import type { EventBasedGatewayNode } from '../model';
import type { ElementBehaviour } from './element-behaviour';
import { openMessageWait } from './message-catch';
import { armTimer } from './timer-catch-event';

/**
 * The token waits at the gateway for the events its flows lead to, each armed as that catch
 * event's wait on the gateway's token; the first to happen takes the token (see
 * `takeOverFromEventGateway`) and the others stop.
 */
export const eventBasedGatewayBehaviour: ElementBehaviour<EventBasedGatewayNode> = {
  enter(gateway, token, _viaFlowId, context) {
    context.elementStarted(gateway, token);
    for (const flowId of gateway.outgoing) {
      const target = context.model.nodes[context.model.flows[flowId].targetId];
      if (target.kind === 'timerCatch') {
        armTimer(target, token, context);
      } else if (target.kind === 'messageCatch') {
        openMessageWait(target, token, context);
      } else {
        throw new Error(`event-based gateway ${gateway.id} leads to ${target.kind} ${target.id}`);
      }
    }
  },
};
