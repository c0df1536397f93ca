import { dateTime, duration } from '../evaluation';
import { InstanceFailure } from '../failure';
import { msToDuration } from '../../expressions/duration';
import {
  type ExecutableModel,
  maxTimerMsOf,
  type TimerCatchNode,
  type ValueExpression,
} from '../model';
import type { TimerDue, Token, Variables, Wait } from '../types';
import type { ElementBehaviour, ElementContext } from './element-behaviour';
import { takeOverFromEventGateway } from './event-gateway-choice';

/** Waits for its duration or until its date; the shell runs the timer. */
export const timerCatchEventBehaviour: ElementBehaviour<TimerCatchNode> = {
  enter(timer, token, _viaFlowId, context) {
    context.elementStarted(timer, token);
    armTimer(timer, token, context);
  },

  waitState: {
    resume(timer, token, _event, context) {
      takeOverFromEventGateway(timer, token, context);
      context.elementCompleted(timer, token);
      context.leave(token, timer.outgoing);
    },

    cancel(_timer, wait, context) {
      context.cancelTimer(wait.waitKey);
    },
  },
};

/** Starts the timer of the catch event for the token (also for an event-based gateway's). */
export function armTimer(timer: TimerCatchNode, token: Token, context: ElementContext): void {
  const due = timerDue(timer, context.variables, maxTimerMsOf(context.model));
  context.wait({
    kind: 'timer',
    waitKey: context.nextKey(),
    tokenId: token.id,
    elementId: timer.id,
    ...due,
  });
}

/**
 * When the timer (a catch event or a boundary timer) fires, evaluated as it starts. A duration
 * longer than the model's timer maximum fails here; a date, which only the shell can measure
 * against the commit time, is checked there (`timerBeyondMaximum`).
 */
export function timerDue(
  timer: { id: string } & ({ duration: ValueExpression } | { date: ValueExpression }),
  variables: Variables,
  maxTimerMs: number,
): TimerDue {
  if ('date' in timer) {
    const dueAt = dateTime(variables, timer.id, 'the timer date', timer.date);
    if (dueAt === null) throw new InstanceFailure(timer.id, 'the timer date evaluated to null');
    return { dueAt };
  }
  const durationMs = duration(variables, timer.id, 'the timer duration', timer.duration);
  if (durationMs === null) {
    throw new InstanceFailure(timer.id, 'the timer duration evaluated to null');
  }
  if (durationMs > maxTimerMs) {
    throw new InstanceFailure(
      timer.id,
      `the timer duration ${msToDuration(durationMs)} is longer than the timer maximum (${msToDuration(maxTimerMs)})`,
    );
  }
  return { durationMs };
}

/**
 * The failure of a timer whose date the shell found beyond the timer maximum, measured from the
 * commit time (the engine has no clock to do it).
 */
export function timerBeyondMaximum(
  model: ExecutableModel,
  waits: Wait[],
  event: { waitKey: string; inMs: number },
): InstanceFailure {
  const wait = waits.find((candidate) => candidate.waitKey === event.waitKey);
  const dueAt = wait?.kind === 'timer' && 'dueAt' in wait ? wait.dueAt : '?';
  return new InstanceFailure(
    wait?.elementId ?? null,
    `the timer date ${dueAt} is ${msToDuration(event.inMs)} away, longer than the timer maximum ` +
      `(${msToDuration(maxTimerMsOf(model))})`,
  );
}
