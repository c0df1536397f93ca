/**
 * Properties panel fields for the newer parts of our extension: a call activity's variable
 * mappings (`flowcard:input` / `flowcard:output`), a multi-instance element's collections
 * (`flowcard:loopCharacteristics` inside `bpmn:multiInstanceLoopCharacteristics`) and a timer of
 * any kind (duration, date or cycle). What an element accepts is the compiler's to say: lint
 * shows its verdict beside the element as soon as a field changes.
 */
import {
  isSelectEntryEdited,
  isTextAreaEntryEdited,
  isTextFieldEntryEdited,
  SelectEntry,
  TextAreaEntry,
  TextFieldEntry,
} from '@bpmn-io/properties-panel';
import { h } from '@bpmn-io/properties-panel/preact';
import type BpmnFactory from 'bpmn-js/lib/features/modeling/BpmnFactory';
import type { Element } from 'bpmn-js/lib/model/Types';
import { useService } from 'bpmn-js-properties-panel';
import type CommandStack from 'diagram-js/lib/command/CommandStack';
import {
  attributeOf,
  businessObjectOf,
  declaredAttributes,
  extensionOf,
  labelOf,
  type ModdleElement,
  type Services,
  setAttributes,
  setProperties,
} from './flowcard-moddle';

export const CALLED_ELEMENT = 'flowcard:CalledElement';
const LOOP_EXTENSION = 'flowcard:LoopCharacteristics';
const MULTI_INSTANCE = 'bpmn:MultiInstanceLoopCharacteristics';
const TIMER = 'bpmn:TimerEventDefinition';

type Debounce = (fn: (value: string) => void) => (value: string) => void;

export interface Entry {
  id: string;
  component: (props: never) => unknown;
  isEdited: (node: HTMLElement) => boolean;
  [prop: string]: unknown;
}

function useServices(): Services & { debounce: Debounce } {
  return {
    bpmnFactory: useService<BpmnFactory>('bpmnFactory'),
    commandStack: useService<CommandStack>('commandStack'),
    debounce: useService<Debounce>('debounceInput'),
  };
}

/** `target = source` per line: the target is a variable name, so the first `=` splits. */
function mappingLines(mappings: ModdleElement[]): string {
  return mappings
    .map((m) => `${String(m.get('target') ?? '')} = ${String(m.get('source') ?? '')}`)
    .join('\n');
}

function parseMappings(text: string): { target: string; source: string }[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const split = line.indexOf('=');
      return split < 0
        ? { target: line, source: '' }
        : { target: line.slice(0, split).trim(), source: line.slice(split + 1).trim() };
    });
}

interface MappingsProps {
  element: Element;
  id: string;
  list: 'inputs' | 'outputs';
}

/** A call activity's variables in or out, one `target = FEEL source` per line. */
function MappingsField({ element, id, list }: MappingsProps) {
  const services = useServices();
  const direction = list === 'inputs' ? 'Variables in' : 'Variables out';
  const childType = list === 'inputs' ? 'flowcard:Input' : 'flowcard:Output';
  return h(TextAreaEntry, {
    element,
    id,
    label: direction,
    description:
      list === 'inputs'
        ? 'One per line: child variable = FEEL expression of this process. None: every variable passes.'
        : 'One per line: variable here = FEEL expression of the child. None: every variable passes.',
    rows: 3,
    monospace: true,
    debounce: services.debounce,
    getValue: () => {
      const mappings = (extensionOf(element, CALLED_ELEMENT)?.get(list) ?? []) as ModdleElement[];
      return mappingLines(mappings);
    },
    setValue: (text) => {
      const mappings = parseMappings(text ?? '').map((mapping) =>
        services.bpmnFactory.create(childType, {
          target: mapping.target || undefined,
          source: mapping.source || undefined,
        }),
      );
      setProperties(element, CALLED_ELEMENT, { [list]: mappings }, services);
    },
  });
}

export function callActivityEntries(group: string): Entry[] {
  return (['inputs', 'outputs'] as const).map((list) => ({
    id: `${group}-${list}`,
    component: MappingsField,
    isEdited: isTextAreaEntryEdited,
    list,
  }));
}

/** The element's multi-instance characteristics, if it loops over a collection. */
export function multiInstanceOf(element: Element): ModdleElement | undefined {
  const loop = businessObjectOf(element).get('loopCharacteristics') as ModdleElement | undefined;
  return loop?.$type === MULTI_INSTANCE ? loop : undefined;
}

interface LoopAttributeProps {
  element: Element;
  id: string;
  attribute: string;
}

function LoopAttributeField({ element, id, attribute }: LoopAttributeProps) {
  const services = useServices();
  const loop = multiInstanceOf(element);
  return h(TextFieldEntry, {
    element,
    id,
    label: labelOf(attribute),
    description: LOOP_HINTS[attribute],
    debounce: services.debounce,
    getValue: () => (loop ? attributeOf(element, LOOP_EXTENSION, attribute, loop) : ''),
    setValue: (value) => {
      if (loop) setAttributes(element, LOOP_EXTENSION, { [attribute]: value }, services, loop);
    },
  });
}

const LOOP_HINTS: Record<string, string> = {
  inputCollection: 'FEEL expression of the list to run over, e.g. =clients',
  inputElement: 'The variable each instance gets its item in, e.g. client',
  outputCollection: 'The variable that receives the list of results',
  outputElement: 'FEEL expression of each instance’s result, e.g. =answer',
};

/**
 * The collections of a multi-instance element. Sequential or parallel is the marker bpmn-js
 * toggles; the completion condition is in bpmn-js's own multi-instance group.
 */
export function loopGroup(): { id: string; label: string; shouldOpen: boolean; entries: Entry[] } {
  return {
    id: 'flowcard-loop',
    label: 'Multi-instance collection',
    shouldOpen: true,
    entries: declaredAttributes(LOOP_EXTENSION).map((attribute) => ({
      id: `flowcard-loop-${attribute}`,
      component: LoopAttributeField,
      isEdited: isTextFieldEntryEdited,
      attribute,
    })),
  };
}

type TimerKind = 'timeDuration' | 'timeDate' | 'timeCycle';

const TIMER_KINDS: { kind: TimerKind; label: string; hint: string }[] = [
  {
    kind: 'timeDuration',
    label: 'Duration',
    hint: 'An ISO-8601 duration such as PT4H or P2D, or a FEEL expression (=...)',
  },
  {
    kind: 'timeDate',
    label: 'Date',
    hint: 'An ISO-8601 date and time such as 2030-01-31T09:00:00Z, or a FEEL expression (=...)',
  },
  {
    kind: 'timeCycle',
    label: 'Cycle',
    hint: 'A repeating interval such as R3/PT1H (or cron on a start event)',
  },
];

function timerOf(element: Element): ModdleElement | undefined {
  const definitions = (businessObjectOf(element).get('eventDefinitions') ?? []) as ModdleElement[];
  return definitions.find((definition) => definition.$type === TIMER);
}

function timerKindOf(element: Element): TimerKind {
  const timer = timerOf(element);
  return TIMER_KINDS.find(({ kind }) => timer?.get(kind))?.kind ?? 'timeDuration';
}

function bodyOf(element: Element, kind: TimerKind): string {
  const expression = timerOf(element)?.get(kind) as ModdleElement | undefined;
  const body = expression?.get('body');
  return typeof body === 'string' ? body : '';
}

/** Sets one kind of timer value and drops the others: a timer has one. */
function setTimer(element: Element, kind: TimerKind, value: string, services: Services): void {
  const timer = timerOf(element);
  if (!timer) return;
  const properties: Record<TimerKind, unknown> = {
    timeDuration: undefined,
    timeDate: undefined,
    timeCycle: undefined,
  };
  // Kept when empty: the expression says which type was chosen (lint asks for its value).
  properties[kind] = services.bpmnFactory.create('bpmn:FormalExpression', { body: value });
  services.commandStack.execute('element.updateModdleProperties', {
    element,
    moddleElement: timer,
    properties,
  });
}

function TimerKindField({ element, id }: { element: Element; id: string }) {
  const services = useServices();
  return h(SelectEntry, {
    element,
    id,
    label: 'Timer type',
    getValue: () => timerKindOf(element),
    // The value moves to the new kind, so switching does not lose what was typed.
    setValue: (kind) =>
      setTimer(element, kind as TimerKind, bodyOf(element, timerKindOf(element)), services),
    getOptions: () => TIMER_KINDS.map(({ kind, label }) => ({ value: kind, label })),
  });
}

function TimerValueField({ element, id, kind }: { element: Element; id: string; kind: TimerKind }) {
  const services = useServices();
  const { label, hint } =
    TIMER_KINDS.find((candidate) => candidate.kind === kind) ?? TIMER_KINDS[0];
  return h(TextFieldEntry, {
    element,
    id,
    label: `${label} (required)`,
    description: hint,
    debounce: services.debounce,
    getValue: () => bodyOf(element, kind),
    setValue: (value) => setTimer(element, kind, value, services),
  });
}

/** Replaces bpmn-js's timer group, which writes the same XML, with labels that say what runs. */
export function timerGroup(element: Element) {
  const kind = timerKindOf(element);
  return {
    id: 'flowcard-timer',
    label: 'Timer',
    shouldOpen: true,
    entries: [
      { id: 'flowcard-timer-kind', component: TimerKindField, isEdited: isSelectEntryEdited },
      {
        id: `flowcard-timer-${kind.slice(4).toLowerCase()}`,
        component: TimerValueField,
        isEdited: isTextFieldEntryEdited,
        kind,
      },
    ],
  };
}
