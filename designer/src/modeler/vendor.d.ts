/** The parts of the properties panel packages (they ship no types) that the modeler uses. */
declare module 'bpmn-js-properties-panel' {
  import type { ModuleDeclaration } from 'didi';

  export const BpmnPropertiesPanelModule: ModuleDeclaration;
  export const BpmnPropertiesProviderModule: ModuleDeclaration;
  /** A service of the modeler's injector, inside a properties panel component. */
  export function useService<T>(name: string): T;
}

declare module '@bpmn-io/properties-panel' {
  import type { Element } from 'bpmn-js/lib/model/Types';
  import type { VNode } from '@bpmn-io/properties-panel/preact';

  interface EntryProps<Value> {
    element: Element;
    id: string;
    label: string;
    description?: string;
    getValue(element: Element): Value;
    setValue(value: Value): void;
  }

  export interface TextFieldProps extends EntryProps<string> {
    debounce: (fn: (value: string) => void) => (value: string) => void;
    validate?(value: string): string | null;
  }

  export interface SelectProps extends EntryProps<string> {
    getOptions(element: Element): { value: string; label: string }[];
  }

  export interface TextAreaProps extends TextFieldProps {
    rows?: number;
    monospace?: boolean;
  }

  export function TextFieldEntry(props: TextFieldProps): VNode;
  export function TextAreaEntry(props: TextAreaProps): VNode;
  export function isTextAreaEntryEdited(node: HTMLElement): boolean;
  export function SelectEntry(props: SelectProps): VNode;
  export function isTextFieldEntryEdited(node: HTMLElement): boolean;
  export function isSelectEntryEdited(node: HTMLElement): boolean;
}

declare module 'bpmn-js-bpmnlint' {
  import type { ModuleDeclaration } from 'didi';

  const lintingModule: ModuleDeclaration;
  export default lintingModule;
}
