/**
 * Multi-instance activities (`bpmn:multiInstanceLoopCharacteristics`): the list, item and
 * output variables come from its `flowcard:loopCharacteristics` (as Zeebe's), the completion
 * condition from BPMN's `completionCondition`. The runs of a parallel multi-instance
 * subprocess go on side by side, each in its own scope; a join inside one (a parallel or
 * inclusive gateway with several incoming flows) is refused, as joins hold arrivals by gateway
 * for the whole instance and the runs' arrivals would mix.
 */
import type { MultiInstance } from '../engine/model';
import { checkExpression } from '../expressions/feel';
import type { BpmnElement } from './bpmn-element';
import type { Issues } from './issues';
import { present } from './values';

export const MULTI_INSTANCE = 'bpmn:MultiInstanceLoopCharacteristics';

/** FEEL source without its optional `=`, or null after reporting why it cannot run. */
function feel(written: string | undefined, label: string, id: string, issues: Issues) {
  const body = present(written)?.trim() ?? null;
  if (body === null) return null;
  const source = body.startsWith('=') ? body.slice(1).trim() : body;
  const problem = checkExpression(source);
  if (problem === null) return source;
  issues.error(id, `${label}: ${problem}`);
  return null;
}

export function compileMultiInstance(
  element: BpmnElement,
  characteristics: BpmnElement,
  id: string,
  issues: Issues,
): MultiInstance | null {
  const sequential = characteristics.isSequential === true;
  const join = sequential ? undefined : joinInside(element);
  if (join) {
    issues.error(
      id,
      `the runs of a parallel multi-instance subprocess cannot join flows (${join}): ` +
        'set isSequential="true" or join outside the subprocess',
    );
    return null;
  }
  const settings = characteristics.extensionElements?.values?.find(
    (extension) => extension.$type === 'flowcard:LoopCharacteristics',
  );
  if (present(settings?.inputCollection) === null) {
    issues.error(
      id,
      'the multi-instance has no list: flowcard:loopCharacteristics inputCollection',
    );
    return null;
  }
  const inputCollection = feel(settings?.inputCollection, 'inputCollection', id, issues);
  const outputElement = feel(settings?.outputElement, 'outputElement', id, issues);
  const outputCollection = present(settings?.outputCollection)?.trim() ?? null;
  const completionBody = characteristics.completionCondition?.body;
  const completionCondition = feel(completionBody, 'completionCondition', id, issues);
  if ((outputCollection === null) !== (present(settings?.outputElement) === null)) {
    issues.error(
      id,
      'give the multi-instance both an outputCollection and an outputElement, or neither',
    );
    return null;
  }
  const failed =
    inputCollection === null ||
    (present(settings?.outputElement) !== null && outputElement === null) ||
    (present(completionBody) !== null && completionCondition === null);
  if (failed) return null;
  return {
    sequential,
    inputCollection,
    inputElement: present(settings?.inputElement)?.trim() ?? null,
    outputCollection,
    outputElement,
    completionCondition,
  };
}

/** The id of a parallel or inclusive join inside the subprocess (nested ones included), if any. */
function joinInside(element: BpmnElement): string | undefined {
  const inner = element.flowElements ?? [];
  const incoming = (id: string | undefined) =>
    inner.filter((flow) => flow.$type === 'bpmn:SequenceFlow' && flow.targetRef?.id === id).length;
  for (const child of inner) {
    const gateway =
      child.$type === 'bpmn:ParallelGateway' || child.$type === 'bpmn:InclusiveGateway';
    if (gateway && incoming(child.id) > 1) return child.id;
    const nested = joinInside(child);
    if (nested) return nested;
  }
  return undefined;
}
