import type { BoundaryTimerNode } from '../../engine/model';
import type { ElementRule } from './element-rule';
import { TIMER } from './event-definitions';
import { compileTimer } from './timers';

/**
 * The activities a boundary timer may be attached to. Service tasks finish within the step
 * that starts them, so a timer on one never fires.
 */
const HOSTS = ['bpmn:UserTask', 'bpmn:ServiceTask', 'bpmn:SubProcess'];

/** A timer on an activity's boundary: `cancelActivity` says whether it interrupts it. */
export const boundaryTimerEventRule: ElementRule<BoundaryTimerNode> = {
  kind: 'boundaryTimer',
  type: 'bpmn:BoundaryEvent',
  eventDefinition: TIMER,
  displayName: 'Timer boundary event',
  extension: null,
  incoming: false,
  outgoing: true,
  choosesFlow: false,

  compile({ base, id, element }, issues) {
    const host = element.attachedToRef;
    if (!host?.id) {
      issues.error(id, 'the boundary event is attached to no activity (attachedToRef)');
      return null;
    }
    if (!HOSTS.includes(host.$type)) {
      issues.error(
        id,
        `boundary timers are supported on ${HOSTS.join(', ')}, not on ${host.$type}`,
      );
      return null;
    }
    const timer = compileTimer(element, id, issues);
    if (timer === null) return null;
    return {
      ...base,
      kind: 'boundaryTimer',
      attachedToId: host.id,
      cancelActivity: element.cancelActivity !== false,
      ...timer,
    };
  },
};
