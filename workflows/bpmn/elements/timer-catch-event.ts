import type { TimerCatchNode } from '../../engine/model';
import { checkedValue, present } from '../values';
import type { ElementRule } from './element-rule';
import { TIMER } from './event-definitions';

/** Waits for a duration (`timeDuration`) or until a moment (`timeDate`); cycles do not run yet. */
export const timerCatchEventRule: ElementRule<TimerCatchNode> = {
  kind: 'timerCatch',
  type: 'bpmn:IntermediateCatchEvent',
  eventDefinition: TIMER,
  displayName: 'Timer event',
  extension: null,
  incoming: true,
  outgoing: true,
  choosesFlow: false,

  compile({ base, id, element }, issues) {
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
      return date === null ? null : { ...base, kind: 'timerCatch', date };
    }
    if (writtenDuration === null) {
      issues.error(id, 'the timer has no timeDuration or timeDate');
      return null;
    }
    const duration = checkedValue(writtenDuration, 'duration', id, 'timeDuration', issues);
    return duration === null ? null : { ...base, kind: 'timerCatch', duration };
  },
};
