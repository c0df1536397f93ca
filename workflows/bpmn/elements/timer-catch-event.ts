import type { TimerCatchNode } from '../../engine/model';
import { checkedValue, present } from '../values';
import type { ElementRule } from './element-rule';
import { TIMER } from './event-definitions';

/** Waits for a duration (`timeDuration`); dates and cycles do not run yet. */
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
    if (timer.timeDate || timer.timeCycle) {
      issues.error(
        id,
        `bpmn:TimerEventDefinition with ${timer.timeDate ? 'timeDate' : 'timeCycle'} is not supported`,
      );
      return null;
    }
    const written = present(timer.timeDuration?.body?.trim());
    if (written === null) {
      issues.error(id, 'the timer has no timeDuration');
      return null;
    }
    const duration = checkedValue(written, 'duration', id, 'timeDuration', issues);
    return duration === null ? null : { ...base, kind: 'timerCatch', duration };
  },
};
