import type { BoundaryTimerNode } from '../model';
import type { ElementBehaviour } from './element-behaviour';

/**
 * Fires while its activity waits (see `armBoundaryEvents`). Interrupting, it ends the
 * activity (its task is cancelled, or everything inside the subprocess ends, and its other
 * boundary timers stop) and the activity's token leaves along the boundary's flows; otherwise
 * a new token leaves there and the activity goes on.
 */
export const boundaryTimerEventBehaviour: ElementBehaviour<BoundaryTimerNode> = {
  enter(boundary, token) {
    throw new Error(`token ${token.id} entered boundary event ${boundary.id} along a flow`);
  },

  waitState: {
    resume(boundary, activityToken, _event, context) {
      let token = activityToken;
      if (boundary.cancelActivity) {
        const activity = context.model.nodes[boundary.attachedToId];
        context.closeWaitsOf(token);
        if (activity.kind === 'subProcess') context.dropScope(activity);
        token.nodeId = boundary.id;
      } else {
        token = context.newToken(boundary.id);
      }
      context.elementStarted(boundary, token);
      context.elementCompleted(boundary, token);
      context.leave(token, boundary.outgoing);
    },

    cancel(_boundary, wait, context) {
      context.cancelTimer(wait.waitKey);
    },
  },
};
