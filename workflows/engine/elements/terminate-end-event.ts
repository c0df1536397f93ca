import type { TerminateEndEventNode } from '../model';
import type { ElementBehaviour } from './element-behaviour';

/** Ends the instance at once, whatever other tokens are still on their way or waiting. */
export const terminateEndEventBehaviour: ElementBehaviour<TerminateEndEventNode> = {
  enter(event, token, _viaFlowId, context) {
    context.elementStarted(event, token);
    context.elementCompleted(event, token);
    context.removeToken(token);
    context.terminate();
  },
};
