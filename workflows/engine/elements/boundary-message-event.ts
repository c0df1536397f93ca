import type { BoundaryMessageNode } from '../model';
import { fireBoundaryEvent } from './boundary-events';
import type { ElementBehaviour } from './element-behaviour';
import { closeMessageWait, openMessageWait } from './message-catch';

/**
 * Waits for its message while its activity runs (see `armBoundaryEvents`); the message's
 * variables are merged in. Non-interrupting, it waits again after it fired, with the
 * correlation key evaluated anew, since the message may come more than once.
 */
export const boundaryMessageEventBehaviour: ElementBehaviour<BoundaryMessageNode> = {
  enter(boundary, token) {
    throw new Error(`token ${token.id} entered boundary event ${boundary.id} along a flow`);
  },

  waitState: {
    resume(boundary, activityToken, event, context) {
      if (event.type !== 'messageReceived') {
        throw new Error(`${event.type} cannot end the message wait of ${boundary.id}`);
      }
      closeMessageWait(event.waitKey, 'received', context);
      if (Object.keys(event.variables).length > 0) {
        context.changeVariables(event.variables, null);
      }
      fireBoundaryEvent(boundary, activityToken, context);
      if (!boundary.cancelActivity) openMessageWait(boundary, activityToken, context);
    },

    cancel(_boundary, wait, context) {
      closeMessageWait(wait.waitKey, 'cancelled', context);
    },
  },
};
