import type { SendTaskNode } from '../../engine/model';
import type { ElementRule } from './element-rule';
import { publishedMessage } from './messages';

/** Publishes its message, correlated by the key of its `flowcard:subscription`. */
export const sendTaskRule: ElementRule<SendTaskNode> = {
  kind: 'sendTask',
  type: 'bpmn:SendTask',
  eventDefinition: null,
  displayName: 'Send task',
  extension: 'flowcard:Subscription',
  incoming: true,
  outgoing: true,
  choosesFlow: false,
  compile: ({ base, id, element, extension }, issues) => {
    const published = publishedMessage(element.messageRef, extension, id, issues);
    return published === null ? null : { ...base, kind: 'sendTask', ...published };
  },
};
