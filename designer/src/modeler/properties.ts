/**
 * Properties panel groups for what the compiler reads beyond plain BPMN: a service task's CRM
 * action and its attributes, a user task's `flowcard:taskDefinition`, the extensions of
 * ./extension-properties (call activities, multi-instance collections, timers).
 * Which attributes exist comes from the capability list and the moddle descriptor.
 */
import {
  isSelectEntryEdited,
  isTextFieldEntryEdited,
  SelectEntry,
  TextFieldEntry,
} from '@bpmn-io/properties-panel';
import { h } from '@bpmn-io/properties-panel/preact';
import type BpmnFactory from 'bpmn-js/lib/features/modeling/BpmnFactory';
import type { Element } from 'bpmn-js/lib/model/Types';
import { useService } from 'bpmn-js-properties-panel';
import type CommandStack from 'diagram-js/lib/command/CommandStack';
import type { ActionCapability, BpmnCapabilities, ElementCapability } from '../types';
import {
  CALLED_ELEMENT,
  callActivityEntries,
  loopGroup,
  multiInstanceOf,
  timerGroup,
} from './extension-properties';
import {
  ACTION_EXTENSION,
  attributeOf,
  capabilityOf,
  declaredAttributes,
  type FlowcardConfig,
  labelOf,
  moddleType,
  setAttributes,
} from './flowcard-moddle';

/** After bpmn-js-properties-panel's own provider, so its groups are there to extend. */
const AFTER_BPMN_JS = 500;
const TIMER = 'bpmn:TimerEventDefinition';
const DURATION_HINT = 'An ISO-8601 duration such as PT4H or P2D, or a FEEL expression (=...)';

interface Group {
  id: string;
  label: string;
  entries: Entry[];
  shouldOpen?: boolean;
}

interface Entry {
  id: string;
  component: (props: never) => unknown;
  isEdited: (node: HTMLElement) => boolean;
  [prop: string]: unknown;
}

type Debounce = (fn: (value: string) => void) => (value: string) => void;

function useCommands() {
  return {
    bpmnFactory: useService<BpmnFactory>('bpmnFactory'),
    commandStack: useService<CommandStack>('commandStack'),
  };
}

interface ActionTypeProps {
  element: Element;
  id: string;
  actions: readonly ActionCapability[];
}

/** Choosing another action drops the attributes the new one does not read. */
function ActionTypeField({ element, id, actions }: ActionTypeProps) {
  const commands = useCommands();
  const extension = moddleType(ACTION_EXTENSION);
  return h(SelectEntry, {
    element,
    id,
    label: 'Action',
    getValue: () => attributeOf(element, extension, 'type'),
    setValue: (type) => {
      const chosen = actions.find((action) => action.type === type);
      const read = new Set<string>(chosen?.attributes.map((attribute) => attribute.name));
      const dropped = declaredAttributes(extension).filter(
        (name) => name !== 'type' && !read.has(name),
      );
      const cleared = Object.fromEntries(dropped.map((name) => [name, undefined]));
      setAttributes(element, extension, { ...cleared, type }, commands);
    },
    getOptions: () => [
      ...(attributeOf(element, extension, 'type') ? [] : [{ value: '', label: '(choose)' }]),
      ...actions.map((action) => ({ value: action.type, label: action.displayName })),
    ],
  });
}

interface AttributeProps {
  element: Element;
  id: string;
  extension: string;
  attribute: string;
  required: boolean;
  duration: boolean;
}

function AttributeField({ element, id, extension, attribute, required, duration }: AttributeProps) {
  const commands = useCommands();
  const debounce = useService<Debounce>('debounceInput');
  return h(TextFieldEntry, {
    element,
    id,
    label: required ? `${labelOf(attribute)} (required)` : labelOf(attribute),
    description: duration ? DURATION_HINT : undefined,
    debounce,
    getValue: () => attributeOf(element, extension, attribute),
    setValue: (value) => setAttributes(element, extension, { [attribute]: value }, commands),
    validate: (value) => (required && !value.trim() ? `The ${attribute} is required` : null),
  });
}

class FlowcardPropertiesProvider {
  static $inject = ['propertiesPanel', 'config.flowcard'];

  private readonly capabilities: BpmnCapabilities;
  /** Attributes the capability list says hold durations (`dueIn`), wherever they appear. */
  private readonly durations: Set<string>;

  constructor(
    propertiesPanel: { registerProvider(priority: number, provider: object): void },
    config: FlowcardConfig,
  ) {
    this.capabilities = config.capabilities;
    this.durations = new Set(
      config.capabilities.actions.flatMap((action) =>
        action.attributes.filter((a) => a.value === 'duration').map((a) => a.name),
      ),
    );
    propertiesPanel.registerProvider(AFTER_BPMN_JS, this);
  }

  getGroups(element: Element): (groups: Group[]) => Group[] {
    return (groups) => {
      const capability = capabilityOf(element, this.capabilities);
      if (!capability) return groups;
      const ours = this.groupsOf(element, capability);
      const replaced = new Set(ours.map((group) => group.replaces));
      const kept = groups.filter((group) => !replaced.has(group.id));
      const afterGeneral = kept.findIndex((group) => group.id === 'general') + 1;
      return [
        ...kept.slice(0, afterGeneral),
        ...ours.map(({ group }) => group),
        ...kept.slice(afterGeneral),
      ];
    };
  }

  private groupsOf(
    element: Element,
    capability: ElementCapability,
  ): { group: Group; replaces?: string }[] {
    const groups: { group: Group; replaces?: string }[] = [];
    if (capability.extensionElement === ACTION_EXTENSION) {
      groups.push({ group: this.actionGroup(element) });
    } else if (capability.extensionElement) {
      groups.push({ group: this.extensionGroup(capability.extensionElement, capability) });
    }
    if (multiInstanceOf(element)) groups.push({ group: loopGroup() });
    if (capability.eventDefinitionType === TIMER) {
      groups.push({ group: timerGroup(element), replaces: 'timer' });
    }
    return groups;
  }

  private actionGroup(element: Element): Group {
    const extension = moddleType(ACTION_EXTENSION);
    const type = attributeOf(element, extension, 'type');
    const action = this.capabilities.actions.find((candidate) => candidate.type === type);
    return {
      id: 'flowcard-action',
      label: 'CRM action',
      shouldOpen: true,
      entries: [
        {
          id: 'flowcard-action-type',
          component: ActionTypeField,
          isEdited: isSelectEntryEdited,
          actions: this.capabilities.actions,
        },
        ...(action?.attributes ?? []).map(({ name, value, required }) =>
          this.attributeEntry('flowcard-action', extension, name, required, value === 'duration'),
        ),
      ],
    };
  }

  /** Every attribute the descriptor declares for the extension, none of them required. */
  private extensionGroup(xmlName: string, capability: ElementCapability): Group {
    const extension = moddleType(xmlName);
    const id = `flowcard-${xmlName.split(':')[1]}`;
    return {
      id,
      label: capability.displayName,
      shouldOpen: true,
      entries: [
        ...declaredAttributes(extension).map((name) =>
          this.attributeEntry(id, extension, name, false, this.durations.has(name)),
        ),
        ...(extension === CALLED_ELEMENT ? callActivityEntries(id) : []),
      ],
    };
  }

  private attributeEntry(
    group: string,
    extension: string,
    attribute: string,
    required: boolean,
    duration: boolean,
  ): Entry {
    return {
      id: `${group}-${attribute}`,
      component: AttributeField,
      isEdited: isTextFieldEntryEdited,
      extension,
      attribute,
      required,
      duration,
    };
  }
}

export const flowcardPropertiesModule = {
  __init__: ['flowcardPropertiesProvider'],
  flowcardPropertiesProvider: ['type', FlowcardPropertiesProvider],
};
