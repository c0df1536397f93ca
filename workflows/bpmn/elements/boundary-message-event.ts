import type { BoundaryMessageNode } from '../../engine/model';
import { boundaryHost } from './boundary';
import type { ElementRule } from './element-rule';
import { MESSAGE } from './event-definitions';
import { awaitedMessage } from './messages';

/**
 * The activities a message boundary event may be attached to. Service tasks finish within the
 * step that starts them, so a message on one never arrives in time; it deploys, as timers do.
 */
const HOSTS = ['bpmn:UserTask', 'bpmn:ReceiveTask', 'bpmn:ServiceTask', 'bpmn:SubProcess'];

/**
 * Waits for its message, correlated like a message catch event, while the activity runs:
 * `cancelActivity` says whether it interrupts it.
 */
export const boundaryMessageEventRule: ElementRule<BoundaryMessageNode> = {
  kind: 'boundaryMessage',
  type: 'bpmn:BoundaryEvent',
  nonInterrupting: true,
  eventDefinition: MESSAGE,
  displayName: 'Message boundary event',
  extension: 'flowcard:Subscription',
  incoming: false,
  outgoing: true,
  choosesFlow: false,

  compile({ base, id, element, extension }, issues) {
    const attachedToId = boundaryHost(element, id, HOSTS, 'message boundary events', issues);
    const [definition] = element.eventDefinitions ?? [];
    const awaited = awaitedMessage(definition.messageRef, extension, id, issues);
    if (attachedToId === null || awaited === null) return null;
    return {
      ...base,
      kind: 'boundaryMessage',
      attachedToId,
      cancelActivity: element.cancelActivity !== false,
      ...awaited,
    };
  },
};
