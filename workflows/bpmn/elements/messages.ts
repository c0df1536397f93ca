import type { BpmnElement } from '../bpmn-element';
import type { Issues } from '../issues';
import { checkedValue, present } from '../values';

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
 * What a message catch event or receive task waits for: the name of its message (required)
 * and the correlation key of its `flowcard:subscription` (required, FEEL or literal text).
 */
export function awaitedMessage(
  message: BpmnElement | undefined,
  subscription: BpmnElement | undefined,
  id: string,
  issues: Issues,
): { messageName: string; correlationKey: string } | null {
  const messageName = present(message?.name)?.trim() ?? null;
  if (messageName === null) {
    issues.error(id, 'the awaited message has no name: refer to a named bpmn:message (messageRef)');
  }
  if (present(subscription?.correlationKey) === null) {
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
  return { messageName, correlationKey };
}
