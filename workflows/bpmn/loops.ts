/** Loop characteristics of activities: standard loops and multi-instance. */
import type { MultiInstance, StandardLoop } from '../engine/model';
import { checkExpression } from '../expressions/feel';
import type { BpmnElement } from './bpmn-element';
import type { Issues } from './issues';
import { compileMultiInstance, MULTI_INSTANCE } from './multi-instance';

/** The loop characteristics that compile. */
export const LOOP_CHARACTERISTICS: readonly string[] = [
  'bpmn:StandardLoopCharacteristics',
  MULTI_INSTANCE,
];

/** The activities loop characteristics may be drawn on. */
export const LOOPING = [
  'bpmn:Task',
  'bpmn:UserTask',
  'bpmn:ServiceTask',
  'bpmn:ScriptTask',
  'bpmn:ManualTask',
  'bpmn:SendTask',
  'bpmn:ReceiveTask',
  'bpmn:SubProcess',
  'bpmn:CallActivity',
];

/**
 * The element's standard loop, or null when it has none or after reporting why it cannot
 * run: the loop needs a FEEL `loopCondition`, is tested after each run (`testBefore` is
 * refused) and its `loopMaximum`, if any, is a positive whole number.
 */
export function compileLoop(
  element: BpmnElement,
  id: string,
  issues: Issues,
): { loop: StandardLoop } | { multiInstance: MultiInstance } | null {
  const characteristics = element.loopCharacteristics;
  if (!characteristics) return null;
  if (!LOOP_CHARACTERISTICS.includes(characteristics.$type)) {
    issues.error(id, `${characteristics.$type} is not supported`);
    return null;
  }
  const kind = characteristics.$type === MULTI_INSTANCE ? 'multi-instance' : 'standard loops';
  if (!LOOPING.includes(element.$type)) {
    issues.error(id, `${kind} are supported on ${LOOPING.join(', ')}, not on ${element.$type}`);
    return null;
  }
  if (characteristics.$type === MULTI_INSTANCE) {
    const multiInstance = compileMultiInstance(element, characteristics, id, issues);
    return multiInstance && { multiInstance };
  }
  const loop = compileStandardLoop(characteristics, id, issues);
  return loop && { loop };
}

function compileStandardLoop(
  characteristics: BpmnElement,
  id: string,
  issues: Issues,
): StandardLoop | null {
  if (characteristics.testBefore === true) {
    issues.error(id, 'a standard loop tested before each run (testBefore) is not supported');
    return null;
  }
  const body = (characteristics.loopCondition?.body ?? '').trim();
  const condition = body.startsWith('=') ? body.slice(1).trim() : body;
  if (condition === '') {
    issues.error(id, 'the standard loop has no loop condition (bpmn:loopCondition)');
    return null;
  }
  const problem = checkExpression(condition);
  if (problem !== null) {
    issues.error(id, `loop condition: ${problem}`);
    return null;
  }
  const rawMaximum = characteristics.loopMaximum;
  if (rawMaximum === undefined) return { condition, maximum: null };
  const maximum = Number(rawMaximum);
  if (!Number.isInteger(maximum) || maximum < 1) {
    issues.error(id, `the loop maximum must be a positive whole number, not "${rawMaximum}"`);
    return null;
  }
  return { condition, maximum };
}
