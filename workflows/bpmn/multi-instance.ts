/**
 * Multi-instance activities (`bpmn:multiInstanceLoopCharacteristics`): the list, item and
 * output variables come from its `flowcard:loopCharacteristics` (as Zeebe's), the completion
 * condition from BPMN's `completionCondition`. Subprocesses run their items one after the
 * other only: the runs of a subprocess would share its tokens.
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
  if (!sequential && element.$type === 'bpmn:SubProcess') {
    issues.error(
      id,
      'a multi-instance subprocess runs its items one after the other: set isSequential="true"',
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
