/**
 * The part of bpmn-moddle's API the compiler uses. The package ships typings for the
 * BPMN meta-model only, not for its entry point; elements are read through the compiler's
 * own `BpmnElement` view.
 */
declare module 'bpmn-moddle' {
  export interface ImportWarning {
    message: string;
    /** The element being read, when the warning concerns one. */
    element?: unknown;
    property?: string;
    value?: unknown;
  }

  export interface ImportResult {
    rootElement: unknown;
    warnings: ImportWarning[];
  }

  export interface Moddle {
    /** Rejects on XML that is not well-formed; the error message names line and column. */
    fromXML(xml: string, typeName?: string): Promise<ImportResult>;
  }

  /** Creates a moddle that also knows the given extension packages (descriptors). */
  export function BpmnModdle(packages?: Record<string, object>): Moddle;
}
