import { requiredText } from '../evaluation';
import type { MessageEndEventNode, MessageThrowNode, SendTaskNode } from '../model';
import type { Token } from '../types';
import type { ElementBehaviour, ElementContext } from './element-behaviour';

type MessagePublisher = SendTaskNode | MessageThrowNode | MessageEndEventNode;

/**
 * Publishes the element's message with its correlation key evaluated now and the instance's
 * variables; the server delivers it once the batch commits (see `publishMessage`).
 */
export function publishMessage(node: MessagePublisher, context: ElementContext): void {
  // A model deployed before elements published messages runs on as it was deployed.
  if (node.messageName === null || node.correlationKey === undefined) return;
  const correlationKey = requiredText(
    context.variables,
    node.id,
    'the correlation key',
    node.correlationKey,
  );
  context.emit({
    type: 'publishMessage',
    key: context.nextKey(),
    elementId: node.id,
    messageName: node.messageName,
    correlationKey,
    variables: { ...context.variables },
  });
}

/** Publishes its message when the token passes (see `SendTaskNode`). */
export function messagePublisher<N extends MessagePublisher>(): ElementBehaviour<N> {
  return {
    enter(node: N, token: Token, _viaFlowId, context) {
      context.elementStarted(node, token);
      publishMessage(node, context);
      context.elementCompleted(node, token);
      context.leave(token, node.outgoing);
    },
  };
}

export const sendTaskBehaviour = messagePublisher<SendTaskNode>();
