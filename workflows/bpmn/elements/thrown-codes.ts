/** The codes errors and escalations are thrown and caught by. */
import type { BpmnElement } from '../bpmn-element';
import type { Issues } from '../issues';
import { present } from '../values';

/** `errorRef`'s `errorCode` or `escalationRef`'s `escalationCode`; null when there is none. */
export function codeOf(element: BpmnElement): string | null {
  const [definition] = element.eventDefinitions ?? [];
  const code = definition.errorRef?.errorCode ?? definition.escalationRef?.escalationCode;
  return present(code)?.trim() ?? null;
}

/** The code a throw event must carry; null after reporting its absence. */
export function thrownCode(
  element: BpmnElement,
  id: string,
  what: 'error' | 'escalation',
  issues: Issues,
): string | null {
  const code = codeOf(element);
  if (code === null) {
    issues.error(
      id,
      `the ${what} has no code: refer to a bpmn:${what} with an ${what}Code (${what}Ref)`,
    );
  }
  return code;
}
