import type { MessageEndEventNode } from '../../engine/model';
import type { ElementRule } from './element-rule';
import { MESSAGE } from './event-definitions';
import { unsentMessage } from './messages';

/** Ends its token as a step that sends nothing yet, like the send task; the compiler warns. */
export const messageEndEventRule: ElementRule<MessageEndEventNode> = {
  kind: 'messageEndEvent',
  type: 'bpmn:EndEvent',
  eventDefinition: MESSAGE,
  displayName: 'Message end event',
  extension: null,
  incoming: true,
  outgoing: false,
  choosesFlow: false,
  compile: ({ base, id, element }, issues) => {
    const [definition] = element.eventDefinitions ?? [];
    return {
      ...base,
      kind: 'messageEndEvent',
      messageName: unsentMessage(definition.messageRef, id, 'the message end event', issues),
    };
  },
};
