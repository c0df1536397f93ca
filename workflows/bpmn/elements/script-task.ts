import type { ScriptTaskNode } from '../../engine/model';
import { checkExpression } from '../../expressions/feel';
import type { BpmnElement } from '../bpmn-element';
import type { Issues } from '../issues';
import { present } from '../values';
import type { ElementRule } from './element-rule';

/** A variable name a FEEL expression can read back without quoting. */
export const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Evaluates a FEEL expression into a variable. Written as Zeebe does
 * (`<flowcard:script expression="=..." resultVariable="..."/>`) or in standard BPMN
 * (`scriptFormat="feel"`, a `<bpmn:script>` body and `flowcard:resultVariable`).
 */
export const scriptTaskRule: ElementRule<ScriptTaskNode> = {
  kind: 'scriptTask',
  type: 'bpmn:ScriptTask',
  eventDefinition: null,
  displayName: 'Script task',
  extension: 'flowcard:Script',
  incoming: true,
  outgoing: true,
  choosesFlow: false,

  compile({ base, id, element, extension }, issues) {
    const script = readScript(element, extension, id, issues);
    if (script === null) return null;
    const source = script.source.startsWith('=') ? script.source.slice(1) : script.source;
    const problem = checkExpression(source);
    if (problem !== null) issues.error(id, `script: ${problem}`);
    const resultVariable = present(script.resultVariable)?.trim() ?? null;
    if (resultVariable === null) {
      issues.error(id, 'the script task has no resultVariable to store its value in');
    } else if (!VARIABLE_NAME.test(resultVariable)) {
      issues.error(
        id,
        `resultVariable "${resultVariable}" is not a variable name (letters, digits and _, not starting with a digit)`,
      );
    }
    if (problem !== null || resultVariable === null || !VARIABLE_NAME.test(resultVariable)) {
      return null;
    }
    return { ...base, kind: 'scriptTask', expression: `=${source.trim()}`, resultVariable };
  },
};

/** The script's FEEL source and result variable as written, or null after reporting what is missing. */
function readScript(
  element: BpmnElement,
  extension: BpmnElement | undefined,
  id: string,
  issues: Issues,
): { source: string; resultVariable: string | undefined } | null {
  const standard = present(element.scriptFormat) !== null || present(element.script) !== null;
  if (extension && standard) {
    issues.error(id, 'the script task has both a flowcard:script and a bpmn:script; keep one');
    return null;
  }
  if (extension) {
    const source = present(extension.expression)?.trim() ?? null;
    if (source === null) issues.error(id, 'the flowcard:script has no expression');
    return source === null ? null : { source, resultVariable: extension.resultVariable };
  }
  if (!standard) {
    issues.error(
      id,
      'a script task needs a FEEL script: a flowcard:script, or scriptFormat="feel" with a bpmn:script',
    );
    return null;
  }
  const format = present(element.scriptFormat)?.trim() ?? '';
  if (format.toLowerCase() !== 'feel') {
    issues.error(id, `script format "${format}" is not supported; write the script in FEEL`);
    return null;
  }
  const source = present(element.script)?.trim() ?? null;
  if (source === null) issues.error(id, 'the script task has no script');
  return source === null ? null : { source, resultVariable: element.resultVariable };
}
