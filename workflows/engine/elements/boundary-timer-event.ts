import type { BoundaryTimerNode } from '../model';
import { fireBoundaryEvent } from './boundary-events';
import type { ElementBehaviour } from './element-behaviour';

/** Fires while its activity waits (see `armBoundaryEvents`), interrupting it or not. */
export const boundaryTimerEventBehaviour: ElementBehaviour<BoundaryTimerNode> = {
  enter(boundary, token) {
    throw new Error(`token ${token.id} entered boundary event ${boundary.id} along a flow`);
  },

  waitState: {
    resume(boundary, activityToken, _event, context) {
      fireBoundaryEvent(boundary, activityToken, context);
    },

    cancel(_boundary, wait, context) {
      context.cancelTimer(wait.waitKey);
    },
  },
};
