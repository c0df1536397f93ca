/** What bpmn-moddle reports while reading the XML, turned into compile issues. */
import type { ImportWarning } from 'bpmn-moddle';
import { type BpmnElement, xmlName } from './bpmn-element';
import type { CompileIssue, Issues } from './issues';

// moddle-xml reports positions 0-based: "...\n\tline: 2\n\tcolumn: 41\n\tnested error: ..."
const POSITIONED =
  /^unparsable content (.*?) ?detected\s+line: (\d+)\s+column: (\d+)\s+nested error: (.*)$/s;
/** References that decide what runs; others (incoming/outgoing lists, lanes, layout) are redundant. */
const SEMANTIC_REFERENCES = new Set(['bpmn:sourceRef', 'bpmn:targetRef', 'bpmn:default']);

/** The one issue of a document bpmn-moddle could not read at all. */
export function unreadableDocument(error: unknown): CompileIssue {
  const message = error instanceof Error ? error.message : String(error);
  const positioned = POSITIONED.exec(message);
  if (!positioned) {
    return { elementId: null, line: null, message: `not a BPMN 2.0 document: ${message}` };
  }
  const [, content, line, column, reason] = positioned;
  const near = content ? ` near ${content}` : '';
  return {
    elementId: null,
    line: Number(line) + 1,
    message: `malformed XML at line ${Number(line) + 1}, column ${Number(column) + 1}${near}: ${reason}`,
  };
}

/**
 * bpmn-moddle reads leniently and reports what it skipped as warnings. Those that change
 * what would run (unknown elements, dangling references, misspelt flowcard attributes)
 * are errors; the rest (foreign attributes, diagram layout) stay warnings.
 */
export function reportImportWarnings(warnings: ImportWarning[], issues: Issues): void {
  for (const warning of warnings) {
    const element = warning.element as BpmnElement | undefined;
    const positioned = POSITIONED.exec(warning.message);
    if (positioned) {
      const [, content, line, , reason] = positioned;
      issues.error(null, `cannot read ${content}: ${reason}`, Number(line) + 1);
    } else if (warning.message.startsWith('unresolved reference') && element) {
      const property = String(warning.property).replace(/^\w+:/, '');
      const message = `${property} refers to unknown element "${String(warning.value)}"`;
      if (SEMANTIC_REFERENCES.has(String(warning.property))) {
        issues.error(ownerId(element), message);
      } else {
        issues.warning(ownerId(element), message);
      }
    } else if (warning.message.startsWith('unknown attribute') && element) {
      if (element.$type.startsWith('flowcard:')) {
        issues.error(
          ownerId(element),
          `${xmlName(element.$type)} has no attribute "${String(warning.property)}"`,
        );
      } else {
        issues.warning(
          ownerId(element),
          `unknown attribute "${String(warning.property)}" is ignored`,
        );
      }
    } else {
      issues.warning(ownerId(element), warning.message);
    }
  }
}

/** The id of the element itself or, for an extension element, of the BPMN element holding it. */
function ownerId(element: BpmnElement | undefined): string | null {
  for (let current = element; current; current = current.$parent) {
    if (current.id) return current.id;
  }
  return null;
}
