import type { TimerCatchNode } from '../../engine/model';
import type { ElementRule } from './element-rule';
import { TIMER } from './event-definitions';
import { compileTimer } from './timers';

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

  compile({ base, id, element, limits }, issues) {
    const timer = compileTimer(element, id, issues, limits);
    return timer === null ? null : { ...base, kind: 'timerCatch', ...timer };
  },
};
