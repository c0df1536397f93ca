import type { MessageStartNode, StartEventNode } from '../model';
import type { ElementBehaviour } from './element-behaviour';

/** Also the message start event's: how the instance was started does not change its first step. */
export const startEventBehaviour: ElementBehaviour<StartEventNode | MessageStartNode> = {
  enter(event, token, _viaFlowId, context) {
    context.elementStarted(event, token);
    context.elementCompleted(event, token);
    context.leave(token, event.outgoing);
  },
};
