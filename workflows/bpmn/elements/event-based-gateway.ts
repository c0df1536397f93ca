import type { EventBasedGatewayNode } from '../../engine/model';
import type { ElementRule } from './element-rule';

/** The catch events an event-based gateway may wait for. */
const AWAITABLE = ['timerCatch', 'messageCatch'];

/**
 * Waits for the first of the timer and message catch events its flows lead to; each must be
 * reached from the gateway alone.
 */
export const eventBasedGatewayRule: ElementRule<EventBasedGatewayNode> = {
  kind: 'eventBasedGateway',
  type: 'bpmn:EventBasedGateway',
  eventDefinition: null,
  displayName: 'Event-based gateway',
  extension: null,
  incoming: true,
  outgoing: true,
  choosesFlow: false,
  compile: ({ base }) => ({ ...base, kind: 'eventBasedGateway' }),

  checkFlows(gateway, flows, issues, nodes) {
    if (gateway.outgoing.length === 1) {
      issues.error(gateway.id, 'an event-based gateway needs at least two outgoing flows');
    }
    for (const flowId of gateway.outgoing) {
      const target = nodes[flows[flowId].targetId];
      if (!target) continue;
      if (!AWAITABLE.includes(target.kind)) {
        issues.error(
          flowId,
          'a flow leaving an event-based gateway must lead to a timer or message catch event',
        );
      } else if (target.incoming.length > 1) {
        issues.error(
          target.id,
          'a catch event after an event-based gateway cannot have other incoming flows',
        );
      }
    }
  },
};
