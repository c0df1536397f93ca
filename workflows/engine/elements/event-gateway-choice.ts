import type { ModelNode } from '../model';
import type { Token } from '../types';
import type { ElementContext } from './element-behaviour';

/**
 * The catch event's wait ended, held by a token still at an event-based gateway: the event
 * happened first, so the gateway's other events stop, the gateway completes, and the token
 * moves into the catch event, which starts now. A token that entered the catch event itself
 * is left as it is.
 */
export function takeOverFromEventGateway(
  catchEvent: ModelNode,
  token: Token,
  context: ElementContext,
): void {
  if (token.nodeId === catchEvent.id) return;
  const gateway = context.model.nodes[token.nodeId];
  context.closeWaitsOf(token);
  context.elementCompleted(gateway, token);
  token.nodeId = catchEvent.id;
  context.elementStarted(catchEvent, token);
}
