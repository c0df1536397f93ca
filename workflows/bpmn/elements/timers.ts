/** The timer definitions of timer catch events and boundary timers. */
import type { ValueExpression } from '../../engine/model';
import { dateTimeToIso } from '../../expressions/date-time';
import { durationToMs, msToDuration } from '../../expressions/duration';
import type { BpmnElement } from '../bpmn-element';
import type { Issues } from '../issues';
import { checkedValue, present } from '../values';
import type { CompileLimits } from './element-rule';

export type TimerDefinition = { duration: ValueExpression } | { date: ValueExpression };

/**
 * The element's one timer event definition: a duration or a date; cycles do not run yet.
 * A literal longer than the timer maximum is refused here; an expression is checked when it runs.
 */
export function compileTimer(
  element: BpmnElement,
  id: string,
  issues: Issues,
  limits: CompileLimits,
): TimerDefinition | null {
  const [timer] = element.eventDefinitions ?? [];
  if (timer.timeCycle) {
    issues.error(id, 'bpmn:TimerEventDefinition with timeCycle is not supported');
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
