/** Boundary events: armed when their activity starts to wait, closed when it leaves. */
import type { ModelNode } from '../model';
import type { Token } from '../types';
import type { ElementContext } from './element-behaviour';
import { timerDue } from './timer-catch-event';

/**
 * Starts the boundary timers attached to the activity the token now waits in. Each holds a
 * wait on the activity's token, so completing the activity closes them (`closeWaitsOf`).
 */
export function armBoundaryEvents(
  activity: ModelNode,
  token: Token,
  context: ElementContext,
): void {
  for (const node of Object.values(context.model.nodes)) {
    if (node.kind !== 'boundaryTimer' || node.attachedToId !== activity.id) continue;
    context.wait({
      kind: 'timer',
      waitKey: context.nextKey(),
      tokenId: token.id,
      elementId: node.id,
      ...timerDue(node, context.variables),
    });
  }
}
