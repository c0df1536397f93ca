import type { BpmnElement } from '../bpmn-element';
import type { Issues } from '../issues';
import { present } from '../values';

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
