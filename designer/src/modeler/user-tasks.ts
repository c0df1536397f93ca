/**
 * The user tasks of a diagram and what their completion sets, read as the compiler reads them:
 * the form-js form of `flowcard:formDefinition` (embedded, or a `flowcard:userTaskForm` of the
 * process named by its formKey) or the `flowcard:output` list of `flowcard:taskDefinition`.
 */
import type { Element } from 'bpmn-js/lib/model/Types';
import { readForm } from '../../../workflows/bpmn/forms';
import type { TaskOutput } from '../types';
import { businessObjectOf, extensionOf, type ModdleElement } from './flowcard-moddle';

export const FORM_DEFINITION = 'flowcard:FormDefinition';
const TASK_DEFINITION = 'flowcard:TaskDefinition';
const USER_TASK_FORM = 'flowcard:UserTaskForm';
const CAMUNDA_FORM_KEY_PREFIX = 'camunda-forms:bpmn:';

export interface UserTaskOutline {
  elementId: string;
  name: string;
  /** Null when the task declares nothing (a completion may set any variable). */
  outputs: Pick<TaskOutput, 'name' | 'type'>[] | null;
}

export function isUserTask(element: Element): boolean {
  return businessObjectOf(element).$type === 'bpmn:UserTask';
}

/** The form-js JSON text embedded in the task, or '' when it has none (or names one by key). */
export function embeddedFormOf(element: Element): string {
  const body = extensionOf(element, FORM_DEFINITION)?.get('body');
  return typeof body === 'string' ? body : '';
}

export function outlineOf(element: Element): UserTaskOutline {
  const name = businessObjectOf(element).get('name');
  return {
    elementId: element.id,
    name: typeof name === 'string' && name.trim() ? name : element.id,
    outputs: outputsOf(element),
  };
}

function outputsOf(element: Element): UserTaskOutline['outputs'] {
  const formDefinition = extensionOf(element, FORM_DEFINITION);
  if (formDefinition) {
    const reading = readForm(formJsonOf(element, formDefinition));
    return reading.ok ? reading.outputs : null;
  }
  const listed = (extensionOf(element, TASK_DEFINITION)?.get('outputs') ?? []) as ModdleElement[];
  if (!listed.length) return null;
  return listed.flatMap((output) => {
    const name = output.get('name');
    const type = (output.get('type') ?? 'string') as TaskOutput['type'];
    return typeof name === 'string' && name ? [{ name, type }] : [];
  });
}

function formJsonOf(element: Element, formDefinition: ModdleElement): string {
  const embedded = formDefinition.get('body');
  if (typeof embedded === 'string' && embedded.trim()) return embedded;
  const key = String(formDefinition.get('formKey') ?? '').replace(CAMUNDA_FORM_KEY_PREFIX, '');
  let container = businessObjectOf(element).$parent;
  while (container && container.$type !== 'bpmn:Process') container = container.$parent;
  const extensions = container?.get('extensionElements') as ModdleElement | undefined;
  const forms = (extensions?.get('values') ?? []) as ModdleElement[];
  const form = forms.find((value) => value.$type === USER_TASK_FORM && value.get('id') === key);
  const body = form?.get('body');
  return typeof body === 'string' ? body : '';
}

/** A value of the output's type for a scripted answer, for the analyst to change. */
export function sampleValue(type: TaskOutput['type']): unknown {
  switch (type) {
    case 'number':
      return 0;
    case 'boolean':
      return true;
    case 'date':
      return '2026-01-01';
    case 'time':
      return '09:00';
    case 'dateTime':
      return '2026-01-01T09:00:00Z';
    case 'localDateTime':
      return '2026-01-01T09:00';
    default:
      return 'text';
  }
}
