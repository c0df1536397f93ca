/** Message catch events and receive tasks: the token waits for a correlated message. */
import { requiredText } from '../evaluation';
import type { AwaitedMessage, MessageCatchNode, ReceiveTaskNode } from '../model';
import { armBoundaryEvents } from './boundary-events';
import type { Token } from '../types';
import type { ElementBehaviour, ElementContext } from './element-behaviour';
import { takeOverFromEventGateway } from './event-gateway-choice';

/**
 * Opens a message wait (the API finds it by message name and correlation key, evaluated now)
 * and, for a receive task, its boundary timers; the message's variables are merged in when it
 * arrives.
 */
function messageWaiter<N extends MessageCatchNode | ReceiveTaskNode>(): ElementBehaviour<N> {
  return {
    enter(node, token, _viaFlowId, context) {
      context.elementStarted(node, token);
      openMessageWait(node, token, context);
      armBoundaryEvents(node, token, context);
    },

    waitState: {
      resume(node, token, event, context) {
        if (event.type !== 'messageReceived') {
          throw new Error(`${event.type} cannot end the message wait of ${node.id}`);
        }
        takeOverFromEventGateway(node, token, context);
        closeMessageWait(event.waitKey, 'received', context);
        if (Object.keys(event.variables).length > 0) {
          context.changeVariables(event.variables, null);
        }
        context.closeWaitsOf(token);
        context.elementCompleted(node, token);
        context.leave(token, node.outgoing);
      },

      cancel(_node, wait, context) {
        closeMessageWait(wait.waitKey, 'cancelled', context);
      },
    },
  };
}

export function closeMessageWait(
  waitKey: string,
  status: 'received' | 'cancelled',
  context: ElementContext,
): void {
  context.emit({ type: 'closeMessageWait', key: context.nextKey(), waitKey, status });
}

/**
 * Opens the wait for the element's message, for the token (also for an event-based
 * gateway's, or the activity's for a boundary event): the correlation key is evaluated now.
 */
export function openMessageWait(
  node: { id: string } & AwaitedMessage,
  token: Token,
  context: ElementContext,
): void {
  const correlationKey =
    node.correlationKey === null
      ? null
      : requiredText(context.variables, node.id, 'the correlation key', node.correlationKey);
  const waitKey = context.nextKey();
  const { messageName } = node;
  context.wait({
    kind: 'message',
    waitKey,
    tokenId: token.id,
    elementId: node.id,
    messageName,
    correlationKey,
  });
  context.emit({
    type: 'openMessageWait',
    key: context.nextKey(),
    waitKey,
    elementId: node.id,
    messageName,
    correlationKey,
    ...(node.trigger ? { trigger: node.trigger } : {}),
  });
}

export const messageCatchEventBehaviour = messageWaiter<MessageCatchNode>();
export const receiveTaskBehaviour = messageWaiter<ReceiveTaskNode>();
