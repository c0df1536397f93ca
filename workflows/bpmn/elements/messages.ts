import type { AwaitedMessage } from '../../engine/model';
import type { BpmnElement } from '../bpmn-element';
import type { Issues } from '../issues';
import { checkedValue, present } from '../values';
import { crmTrigger } from './message-start-event';

/**
 * The name of the message an element refers to, and the warning every message thrower gets
 * until messages are delivered: the diagram deploys, and nobody is misled.
 */
export function unsentMessage(
  message: BpmnElement | undefined,
  id: string,
  what: string,
  issues: Issues,
): string | null {
  issues.warning(
    id,
    `${what} sends no message yet (message delivery is not supported); it is recorded on the path and the process goes on`,
  );
  return present(message?.name)?.trim() ?? null;
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
