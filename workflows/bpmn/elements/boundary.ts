/** What boundary events of every kind share: the activity they are attached to. */
import type { BpmnElement } from '../bpmn-element';
import type { Issues } from '../issues';

/** The id of the activity the boundary event is attached to, when it is one of `hosts`. */
export function boundaryHost(
  element: BpmnElement,
  id: string,
  hosts: readonly string[],
  what: string,
  issues: Issues,
): string | null {
  const host = element.attachedToRef;
  if (!host?.id) {
    issues.error(id, 'the boundary event is attached to no activity (attachedToRef)');
    return null;
  }
  if (host.triggeredByEvent) {
    issues.error(id, 'boundary events cannot be attached to an event subprocess');
    return null;
  }
  if (!hosts.includes(host.$type)) {
    issues.error(id, `${what} are supported on ${hosts.join(', ')}, not on ${host.$type}`);
    return null;
  }
  return host.id;
}
