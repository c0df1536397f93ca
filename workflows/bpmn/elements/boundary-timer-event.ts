import type { BoundaryTimerNode } from '../../engine/model';
import { boundaryHost } from './boundary';
import type { ElementRule } from './element-rule';
import { TIMER } from './event-definitions';
import { compileBoundaryTimer } from './timers';

/**
 * The activities a boundary timer may be attached to. Service tasks finish within the step
 * that starts them, so a timer on one never fires.
 */
const HOSTS = [
  'bpmn:UserTask',
  'bpmn:ReceiveTask',
  'bpmn:ServiceTask',
  'bpmn:SubProcess',
  'bpmn:CallActivity',
];

/**
 * A timer on an activity's boundary: `cancelActivity` says whether it interrupts it. A cycle
 * fires again after each interval while the activity runs, up to its repetitions.
 */
export const boundaryTimerEventRule: ElementRule<BoundaryTimerNode> = {
  kind: 'boundaryTimer',
  type: 'bpmn:BoundaryEvent',
  nonInterrupting: true,
  eventDefinition: TIMER,
  displayName: 'Timer boundary event',
  extension: null,
  incoming: false,
  outgoing: true,
  choosesFlow: false,

  compile({ base, id, element, limits }, issues) {
    const attachedToId = boundaryHost(element, id, HOSTS, 'boundary timers', issues);
    if (attachedToId === null) return null;
    const timer = compileBoundaryTimer(element, id, issues, limits);
    if (timer === null) return null;
    return {
      ...base,
      kind: 'boundaryTimer',
      attachedToId,
      cancelActivity: element.cancelActivity !== false,
      ...timer,
    };
  },
};
