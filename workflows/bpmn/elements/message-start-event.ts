import type { CrmTrigger, MessageStartNode } from '../../engine/model';
import { checkExpression } from '../../expressions/feel';
import type { BpmnElement } from '../bpmn-element';
import type { Issues } from '../issues';
import { present } from '../values';
import type { ElementRule } from './element-rule';
import { MESSAGE } from './event-definitions';

/**
 * The CRM events a `flowcard:trigger` may name: those of the server's event catalogue that
 * concern a client (the server's `trigger-events.spec.ts` checks each is in the catalogue).
 */
export const TRIGGER_EVENT_TYPES = [
  'client.created',
  'client.updated',
  'client.status_changed',
  'activity.created',
  'activity.updated',
  'activity.completed',
  'activity.cancelled',
  'deal.stage_changed',
] as const;

/**
 * The start event of a process started by a message (`POST /api/messages`) or, with a
 * `flowcard:trigger`, by a CRM event. Only on the process: a subprocess starts with none.
 */
export const messageStartEventRule: ElementRule<MessageStartNode> = {
  kind: 'messageStart',
  type: 'bpmn:StartEvent',
  eventDefinition: MESSAGE,
  displayName: 'Message start event',
  extension: 'flowcard:Trigger',
  incoming: false,
  outgoing: true,
  choosesFlow: false,

  compile({ base, id, element, extension }, issues) {
    const [definition] = element.eventDefinitions ?? [];
    const messageName = present(definition.messageRef?.name)?.trim() ?? null;
    if (messageName === null) {
      issues.error(
        id,
        'the message start event has no message name: refer to a named bpmn:message',
      );
    }
    const trigger = extension === undefined ? null : crmTrigger(extension, id, issues);
    if (messageName === null || trigger === undefined) return null;
    return { ...base, kind: 'messageStart', messageName, trigger };
  },
};

/**
 * The trigger's event and filter (of a `flowcard:trigger`, or a `flowcard:subscription`'s);
 * undefined after reporting why it cannot run.
 */
export function crmTrigger(
  extension: BpmnElement,
  id: string,
  issues: Issues,
  extensionName = 'flowcard:trigger',
): CrmTrigger | undefined {
  const event = present(extension.event)?.trim() ?? null;
  if (event === null || !(TRIGGER_EVENT_TYPES as readonly string[]).includes(event)) {
    issues.error(
      id,
      `${extensionName} event must be one of ${TRIGGER_EVENT_TYPES.join(', ')}, not "${event ?? ''}"`,
    );
    return undefined;
  }
  const written = present(extension.filter)?.trim() ?? null;
  if (written === null) return { event, filter: null };
  const filter = written.startsWith('=') ? written.slice(1) : written;
  const problem = checkExpression(filter);
  if (problem !== null) {
    issues.error(id, `${extensionName} filter: ${problem}`);
    return undefined;
  }
  return { event, filter };
}
