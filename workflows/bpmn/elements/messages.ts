import type { AwaitedMessage, PublishedMessage } from '../../engine/model';
import type { BpmnElement } from '../bpmn-element';
import type { Issues } from '../issues';
import { checkedValue, present } from '../values';
import { crmTrigger } from './message-start-event';

/**
 * What a send task, message throw event or message end event publishes: the name of its
 * message and the correlation key of its `flowcard:subscription` (FEEL or literal text), both
 * required; a CRM event is what the CRM publishes, not a process.
 */
export function publishedMessage(
  message: BpmnElement | undefined,
  subscription: BpmnElement | undefined,
  id: string,
  issues: Issues,
): PublishedMessage | null {
  const messageName = present(message?.name)?.trim() ?? null;
  if (messageName === null) {
    issues.error(
      id,
      'the published message has no name: refer to a named bpmn:message (messageRef)',
    );
  }
  if (present(subscription?.event) !== null || present(subscription?.filter) !== null) {
    issues.error(
      id,
      'a published message names no CRM event (flowcard:subscription event, filter)',
    );
    return null;
  }
  if (present(subscription?.correlationKey) === null) {
    issues.error(
      id,
      'the published message has no correlation key (flowcard:subscription correlationKey)',
    );
    return null;
  }
  const correlationKey = checkedValue(
    subscription?.correlationKey,
    'text',
    id,
    'correlationKey',
    issues,
  );
  if (messageName === null || correlationKey === null) return null;
  return { messageName, correlationKey };
}

/**
 * What a message catch event or receive task waits for: the name of its message and the
 * correlation key of its `flowcard:subscription` (FEEL or literal text), both required unless
 * the subscription names a CRM event (`event`, with an optional FEEL `filter`): then the CRM
 * events of that type for the client in the key (by default, the instance's client) meet the
 * wait too, and the message name defaults to the event type.
 */
export function awaitedMessage(
  message: BpmnElement | undefined,
  subscription: BpmnElement | undefined,
  id: string,
  issues: Issues,
): AwaitedMessage | null {
  const triggered = present(subscription?.event) !== null || present(subscription?.filter) !== null;
  const trigger =
    subscription && triggered
      ? crmTrigger(subscription, id, issues, 'flowcard:subscription')
      : null;
  if (trigger === undefined) return null;
  const messageName = present(message?.name)?.trim() ?? trigger?.event ?? null;
  if (messageName === null) {
    issues.error(id, 'the awaited message has no name: refer to a named bpmn:message (messageRef)');
  }
  if (present(subscription?.correlationKey) === null) {
    if (trigger)
      return messageName === null ? null : { messageName, correlationKey: null, trigger };
    issues.error(
      id,
      'the awaited message has no correlation key (flowcard:subscription correlationKey)',
    );
    return null;
  }
  const correlationKey = checkedValue(
    subscription?.correlationKey,
    'text',
    id,
    'correlationKey',
    issues,
  );
  if (messageName === null || correlationKey === null) return null;
  return { messageName, correlationKey, ...(trigger ? { trigger } : {}) };
}
