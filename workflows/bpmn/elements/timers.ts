/** The timer definitions of timer catch events and boundary timers. */
import type { IsoCycle, ValueExpression } from '../../engine/model';
import { dateTimeToIso } from '../../expressions/date-time';
import { durationToMs, msToDuration } from '../../expressions/duration';
import type { BpmnElement } from '../bpmn-element';
import type { Issues } from '../issues';
import { checkedValue, present } from '../values';
import type { CompileLimits } from './element-rule';
import { parseCycle } from './timer-cycles';

export type TimerDefinition = { duration: ValueExpression } | { date: ValueExpression };

/**
 * The element's one timer event definition: a duration or a date. A cycle is refused with
 * `refusedCycle` saying why (a catch event waits once); boundary timers read theirs with
 * `compileBoundaryTimer`. A literal longer than the timer maximum is refused here; an
 * expression is checked when it runs.
 */
export function compileTimer(
  element: BpmnElement,
  id: string,
  issues: Issues,
  limits: CompileLimits,
  refusedCycle = 'a timer catch event waits once: timeCycle is not supported on it (use a non-interrupting boundary timer with a cycle, or a loop)',
): TimerDefinition | null {
  const [timer] = element.eventDefinitions ?? [];
  if (timer.timeCycle) {
    issues.error(id, refusedCycle);
    return null;
  }
  const writtenDuration = present(timer.timeDuration?.body?.trim());
  const writtenDate = present(timer.timeDate?.body?.trim());
  if (writtenDuration !== null && writtenDate !== null) {
    issues.error(id, 'the timer has both a timeDuration and a timeDate; give one');
    return null;
  }
  if (writtenDate !== null) {
    const date = checkedValue(writtenDate, 'dateTime', id, 'timeDate', issues);
    if (date === null) return null;
    if (!date.startsWith('=')) {
      const waitMs = Date.parse(dateTimeToIso(date)) - limits.now;
      if (waitMs > limits.maxTimerMs) {
        issues.error(id, `timeDate: ${date} is further away than ${maximum(limits)}`);
        return null;
      }
    }
    return { date };
  }
  if (writtenDuration === null) {
    issues.error(id, 'the timer has no timeDuration or timeDate');
    return null;
  }
  const duration = checkedValue(writtenDuration, 'duration', id, 'timeDuration', issues);
  if (duration === null) return null;
  if (!duration.startsWith('=') && durationToMs(duration) > limits.maxTimerMs) {
    issues.error(id, `timeDuration: ${duration} is longer than ${maximum(limits)}`);
    return null;
  }
  return { duration };
}

function maximum(limits: CompileLimits): string {
  return `the timer maximum (${msToDuration(limits.maxTimerMs)}, FLOWCARD_MAX_TIMER)`;
}

/** A boundary timer's definition: a duration, a date or an ISO-8601 cycle (`R3/PT1H`). */
export function compileBoundaryTimer(
  element: BpmnElement,
  id: string,
  issues: Issues,
  limits: CompileLimits,
): TimerDefinition | { cycle: IsoCycle } | null {
  const [timer] = element.eventDefinitions ?? [];
  const writtenCycle = present(timer.timeCycle?.body?.trim());
  if (writtenCycle === null) return compileTimer(element, id, issues, limits);
  if (present(timer.timeDuration?.body) !== null || present(timer.timeDate?.body) !== null) {
    issues.error(id, 'the timer has a timeCycle and a timeDuration or timeDate; give one');
    return null;
  }
  if (writtenCycle.startsWith('=')) {
    issues.error(id, 'timeCycle: a FEEL cycle is not supported; write it as "R3/PT1H"');
    return null;
  }
  const cycle = parseCycle(writtenCycle, false);
  if (typeof cycle === 'string' || 'cron' in cycle) {
    issues.error(id, `timeCycle: ${typeof cycle === 'string' ? cycle : 'cron is not supported'}`);
    return null;
  }
  return { cycle };
}
