import type { MessageEndEventNode } from '../model';
import type { ElementBehaviour } from './element-behaviour';

/** Sends nothing yet (see `MessageEndEventNode`): recorded on the path, it ends its token. */
export const messageEndEventBehaviour: ElementBehaviour<MessageEndEventNode> = {
  enter(event, token, _viaFlowId, context) {
    context.elementStarted(event, token);
    context.elementCompleted(event, token);
    context.removeToken(token);
  },
};
