import type { ModelNode } from '../model';
import type { ElementBehaviour } from './element-behaviour';

/** Started, completed, and the token goes on along every outgoing flow. */
export function passThrough<N extends ModelNode>(): ElementBehaviour<N> {
  return {
    enter(node, token, _viaFlowId, context) {
      context.elementStarted(node, token);
      context.elementCompleted(node, token);
      context.leave(token, node.outgoing);
    },
  };
}
