import type { EndEventNode } from '../model';
import type { ElementBehaviour } from './element-behaviour';

/** Consumes the token; the instance completes when no token is left. */
export const endEventBehaviour: ElementBehaviour<EndEventNode> = {
  enter(event, token, _viaFlowId, context) {
    context.elementStarted(event, token);
    context.elementCompleted(event, token);
    context.removeToken(token);
  },
};
