import type { BoundaryTimerNode } from '../model';
import { armBoundaryTimer, fireBoundaryEvent } from './boundary-events';
import type { ElementBehaviour } from './element-behaviour';

/**
 * Fires while its activity waits (see `armBoundaryEvents`), interrupting it or not. A
 * non-interrupting cycle starts its timer again after each fire, until its repetitions are done.
 */
export const boundaryTimerEventBehaviour: ElementBehaviour<BoundaryTimerNode> = {
  enter(boundary, token) {
    throw new Error(`token ${token.id} entered boundary event ${boundary.id} along a flow`);
  },

  waitState: {
    resume(boundary, activityToken, _event, context, wait) {
      fireBoundaryEvent(boundary, activityToken, context);
      if (boundary.cancelActivity || !('cycle' in boundary)) return;
      const fired = (wait.kind === 'timer' ? (wait.fired ?? 0) : 0) + 1;
      const { repetitions } = boundary.cycle;
      if (repetitions === null || fired < repetitions) {
        armBoundaryTimer(boundary, activityToken, fired, context);
      }
    },

    cancel(_boundary, wait, context) {
      context.cancelTimer(wait.waitKey);
    },
  },
};
