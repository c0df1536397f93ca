import { duration } from '../evaluation';
import { InstanceFailure } from '../failure';
import type { TimerCatchNode } from '../model';
import type { ElementBehaviour } from './element-behaviour';

/** Waits for its duration; the shell runs the timer. */
export const timerCatchEventBehaviour: ElementBehaviour<TimerCatchNode> = {
  enter(timer, token, _viaFlowId, context) {
    context.elementStarted(timer, token);
    const durationMs = duration(context.variables, timer.id, 'the timer duration', timer.duration);
    if (durationMs === null) {
      throw new InstanceFailure(timer.id, 'the timer duration evaluated to null');
    }
    context.wait({
      kind: 'timer',
      waitKey: context.nextKey(),
      tokenId: token.id,
      elementId: timer.id,
      durationMs,
    });
  },

  waitState: {
    resume(timer, token, _event, context) {
      context.elementCompleted(timer, token);
      context.leave(token, timer.outgoing);
    },

    cancel(_timer, wait, context) {
      context.cancelTimer(wait.waitKey);
    },
  },
};
