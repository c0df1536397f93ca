import type { MessageThrowNode } from '../../engine/model';
import type { ElementRule } from './element-rule';
import { MESSAGE } from './event-definitions';
import { unsentMessage } from './messages';

/** Runs as a step that throws nothing yet; the compiler warns about it. */
export const messageThrowEventRule: ElementRule<MessageThrowNode> = {
  kind: 'messageThrow',
  type: 'bpmn:IntermediateThrowEvent',
  eventDefinition: MESSAGE,
  displayName: 'Message throw event',
  extension: null,
  incoming: true,
  outgoing: true,
  choosesFlow: false,
  compile: ({ base, id, element }, issues) => {
    const [definition] = element.eventDefinitions ?? [];
    return {
      ...base,
      kind: 'messageThrow',
      messageName: unsentMessage(definition.messageRef, id, 'the message throw event', issues),
    };
  },
};
