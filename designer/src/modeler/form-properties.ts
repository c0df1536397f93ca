/**
 * The properties panel's "Form" group of a user task: what its form sets, and a button that
 * opens the form-js editor. The form is written embedded, as the compiler reads it:
 * `<flowcard:formDefinition>` holding the form-js JSON in the task's extension elements.
 */
import { h } from '@bpmn-io/properties-panel/preact';
import type BpmnFactory from 'bpmn-js/lib/features/modeling/BpmnFactory';
import type { Element } from 'bpmn-js/lib/model/Types';
import { useService } from 'bpmn-js-properties-panel';
import type CommandStack from 'diagram-js/lib/command/CommandStack';
import { readForm } from '../../../workflows/bpmn/forms';
import { editForm } from './form-editor-dialog';
import {
  businessObjectOf,
  extensionOf,
  type ModdleElement,
  setAttributes,
} from './flowcard-moddle';
import { embeddedFormOf, FORM_DEFINITION, isUserTask } from './user-tasks';

/** After our other groups (priority 500), so that the form comes below the task definition. */
const PRIORITY = 400;

interface Group {
  id: string;
  label: string;
  shouldOpen: boolean;
  entries: { id: string; component: (props: never) => unknown; isEdited: () => boolean }[];
}

function summaryOf(element: Element): string {
  const definition = extensionOf(element, FORM_DEFINITION);
  if (!definition) return 'No form: the task list shows fields for the declared outputs.';
  const json = embeddedFormOf(element);
  if (!json) return `The form "${String(definition.get('formKey') ?? '')}" of the process.`;
  const reading = readForm(json);
  if (!reading.ok) return `The form has problems: ${reading.problems.join('; ')}`;
  const keys = reading.outputs.map((output) => output.name);
  return keys.length ? `The form sets ${keys.join(', ')}.` : 'The form sets nothing.';
}

function FormField({ element, id }: { element: Element; id: string }) {
  const bpmnFactory = useService<BpmnFactory>('bpmnFactory');
  const commandStack = useService<CommandStack>('commandStack');
  const name = String(businessObjectOf(element).get('name') ?? '') || element.id;
  const edit = async () => {
    const choice = await editForm(name, element.id, embeddedFormOf(element));
    if (!choice) return;
    if ('save' in choice) {
      setAttributes(
        element,
        FORM_DEFINITION,
        { body: choice.save, formKey: undefined },
        { bpmnFactory, commandStack },
      );
    } else {
      removeFormDefinition(element, commandStack);
    }
  };
  return h(
    'div',
    { class: 'bio-properties-panel-entry fc-form-entry', 'data-entry-id': id },
    h('p', { class: 'bio-properties-panel-description' }, summaryOf(element)),
    h(
      'button',
      { type: 'button', id: `bio-properties-panel-${id}`, class: 'fc-form-button', onClick: edit },
      extensionOf(element, FORM_DEFINITION) ? 'Edit form' : 'Add a form',
    ),
  );
}

function removeFormDefinition(element: Element, commandStack: CommandStack): void {
  const extensionElements = businessObjectOf(element).get('extensionElements') as
    ModdleElement | undefined;
  if (!extensionElements) return;
  const values = (extensionElements.get('values') ?? []) as ModdleElement[];
  commandStack.execute('element.updateModdleProperties', {
    element,
    moddleElement: extensionElements,
    properties: { values: values.filter((value) => value.$type !== FORM_DEFINITION) },
  });
}

class FlowcardFormProvider {
  static $inject = ['propertiesPanel'];

  constructor(propertiesPanel: { registerProvider(priority: number, provider: object): void }) {
    propertiesPanel.registerProvider(PRIORITY, this);
  }

  getGroups(element: Element): (groups: Group[]) => Group[] {
    return (groups) => {
      if (!isUserTask(element)) return groups;
      const form: Group = {
        id: 'flowcard-form',
        label: 'Form',
        shouldOpen: true,
        entries: [
          {
            id: 'flowcard-form-edit',
            component: FormField,
            isEdited: () => Boolean(extensionOf(element, FORM_DEFINITION)),
          },
        ],
      };
      const after = groups.findIndex((group) => group.id === 'flowcard-taskDefinition') + 1;
      const at = after > 0 ? after : groups.length;
      return [...groups.slice(0, at), form, ...groups.slice(at)];
    };
  }
}

export const flowcardFormModule = {
  __init__: ['flowcardFormProvider'],
  flowcardFormProvider: ['type', FlowcardFormProvider],
};
