/** Link events are matched by name within the process; the compiler resolves each jump. */
import type { BpmnElement } from '../bpmn-element';
import type { Issues } from '../issues';
import { present } from '../values';
import { LINK } from './event-definitions';

/** The link name the element's one link event definition carries, or null after reporting its absence. */
export function linkNameOf(element: BpmnElement, id: string, issues: Issues): string | null {
  const [definition] = element.eventDefinitions ?? [];
  const name = present(definition.name)?.trim() ?? null;
  if (name === null) issues.error(id, 'the link event has no name');
  return name;
}

/** The link catch events of the element's process named `name`. */
export function linkCatchesNamed(element: BpmnElement, name: string): BpmnElement[] {
  return (element.$parent?.flowElements ?? []).filter(
    (candidate) =>
      candidate.$type === 'bpmn:IntermediateCatchEvent' &&
      (candidate.eventDefinitions ?? []).some(
        (definition) => definition.$type === LINK.type && present(definition.name)?.trim() === name,
      ),
  );
}
