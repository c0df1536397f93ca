import type { MessageEndEventNode } from '../../engine/model';
import type { ElementRule } from './element-rule';
import { MESSAGE } from './event-definitions';
import { publishedMessage } from './messages';

/** Publishes its message like the send task and ends its token. */
export const messageEndEventRule: ElementRule<MessageEndEventNode> = {
  kind: 'messageEndEvent',
  type: 'bpmn:EndEvent',
  eventDefinition: MESSAGE,
  displayName: 'Message end event',
  extension: 'flowcard:Subscription',
  incoming: true,
  outgoing: false,
  choosesFlow: false,
  compile: ({ base, id, element, extension }, issues) => {
    const [definition] = element.eventDefinitions ?? [];
    const published = publishedMessage(definition.messageRef, extension, id, issues);
    return published === null ? null : { ...base, kind: 'messageEndEvent', ...published };
  },
};
