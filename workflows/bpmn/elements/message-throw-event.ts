import type { MessageThrowNode } from '../../engine/model';
import type { ElementRule } from './element-rule';
import { MESSAGE } from './event-definitions';
import { publishedMessage } from './messages';

/** Publishes its message like the send task. */
export const messageThrowEventRule: ElementRule<MessageThrowNode> = {
  kind: 'messageThrow',
  type: 'bpmn:IntermediateThrowEvent',
  eventDefinition: MESSAGE,
  displayName: 'Message throw event',
  extension: 'flowcard:Subscription',
  incoming: true,
  outgoing: true,
  choosesFlow: false,
  compile: ({ base, id, element, extension }, issues) => {
    const [definition] = element.eventDefinitions ?? [];
    const published = publishedMessage(definition.messageRef, extension, id, issues);
    return published === null ? null : { ...base, kind: 'messageThrow', ...published };
  },
};
