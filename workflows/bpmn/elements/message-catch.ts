import type { MessageCatchNode, ReceiveTaskNode } from '../../engine/model';
import type { ElementRule } from './element-rule';
import { MESSAGE } from './event-definitions';
import { awaitedMessage } from './messages';

/** Waits for its message, correlated by the key of its `flowcard:subscription`. */
export const messageCatchEventRule: ElementRule<MessageCatchNode> = {
  kind: 'messageCatch',
  type: 'bpmn:IntermediateCatchEvent',
  eventDefinition: MESSAGE,
  displayName: 'Message catch event',
  extension: 'flowcard:Subscription',
  incoming: true,
  outgoing: true,
  choosesFlow: false,

  compile({ base, id, element, extension }, issues) {
    const [definition] = element.eventDefinitions ?? [];
    const awaited = awaitedMessage(definition.messageRef, extension, id, issues);
    return awaited === null ? null : { ...base, kind: 'messageCatch', ...awaited };
  },
};

/** Like the message catch event; boundary timers may be attached to it. */
export const receiveTaskRule: ElementRule<ReceiveTaskNode> = {
  kind: 'receiveTask',
  type: 'bpmn:ReceiveTask',
  eventDefinition: null,
  displayName: 'Receive task',
  extension: 'flowcard:Subscription',
  incoming: true,
  outgoing: true,
  choosesFlow: false,

  compile({ base, id, element, extension }, issues) {
    const awaited = awaitedMessage(element.messageRef, extension, id, issues);
    return awaited === null ? null : { ...base, kind: 'receiveTask', ...awaited };
  },
};
