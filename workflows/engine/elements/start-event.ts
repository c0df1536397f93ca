import type { MessageStartNode, SignalStartNode, StartEventNode, TimerStartNode } from '../model';
import type { ElementBehaviour } from './element-behaviour';

/**
 * Also the message, signal and timer start events': how the instance was started does not
 * change its first step.
 */
export const startEventBehaviour: ElementBehaviour<
  StartEventNode | MessageStartNode | SignalStartNode | TimerStartNode
> = {
  enter(event, token, _viaFlowId, context) {
    context.elementStarted(event, token);
    context.elementCompleted(event, token);
    context.leave(token, event.outgoing);
  },
};
