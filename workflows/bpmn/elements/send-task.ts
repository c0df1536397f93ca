import type { SendTaskNode } from '../../engine/model';
import type { ElementRule } from './element-rule';
import { unsentMessage } from './messages';

/** Runs as a step that sends nothing yet; the compiler warns about it. */
export const sendTaskRule: ElementRule<SendTaskNode> = {
  kind: 'sendTask',
  type: 'bpmn:SendTask',
  eventDefinition: null,
  displayName: 'Send task',
  extension: null,
  incoming: true,
  outgoing: true,
  choosesFlow: false,
  compile: ({ base, id, element }, issues) => ({
    ...base,
    kind: 'sendTask',
    messageName: unsentMessage(element.messageRef, id, 'the send task', issues),
  }),
};
