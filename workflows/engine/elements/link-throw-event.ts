import type { LinkThrowNode } from '../model';
import type { ElementBehaviour } from './element-behaviour';

/** Continues at the link catch event of the same name (the compiler resolved which). */
export const linkThrowEventBehaviour: ElementBehaviour<LinkThrowNode> = {
  enter(link, token, _viaFlowId, context) {
    context.elementStarted(link, token);
    context.elementCompleted(link, token);
    context.jump(token, link.targetId);
  },
};
