import type { StartEventNode } from '../model';
import type { ElementBehaviour } from './element-behaviour';

export const startEventBehaviour: ElementBehaviour<StartEventNode> = {
  enter(event, token, _viaFlowId, context) {
    context.elementStarted(event, token);
    context.elementCompleted(event, token);
    context.leave(token, event.outgoing);
  },
};
