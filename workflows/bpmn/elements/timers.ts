/** The timer definitions of timer catch events and boundary timers. */
import type { ValueExpression } from '../../engine/model';
import type { BpmnElement } from '../bpmn-element';
import type { Issues } from '../issues';
import { checkedValue, present } from '../values';

export type TimerDefinition = { duration: ValueExpression } | { date: ValueExpression };

/** The element's one timer event definition: a duration or a date; cycles do not run yet. */
export function compileTimer(
  element: BpmnElement,
  id: string,
  issues: Issues,
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
    return date === null ? null : { date };
  }
  if (writtenDuration === null) {
    issues.error(id, 'the timer has no timeDuration or timeDate');
    return null;
  }
  const duration = checkedValue(writtenDuration, 'duration', id, 'timeDuration', issues);
  return duration === null ? null : { duration };
}
