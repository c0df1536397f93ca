import type { MessageEndEventNode } from '../model';
import type { ElementBehaviour } from './element-behaviour';
import { publishMessage } from './send-task';

/** Publishes its message like the send task (see `MessageEndEventNode`) and ends its token. */
export const messageEndEventBehaviour: ElementBehaviour<MessageEndEventNode> = {
  enter(event, token, _viaFlowId, context) {
    context.elementStarted(event, token);
    publishMessage(event, context);
    context.elementCompleted(event, token);
    context.removeToken(token);
  },
};
