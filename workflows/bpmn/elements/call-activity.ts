import type { CallActivityNode, VariableMapping } from '../../engine/model';
import { checkExpression } from '../../expressions/feel';
import type { BpmnElement } from '../bpmn-element';
import type { Issues } from '../issues';
import { present } from '../values';
import type { ElementRule } from './element-rule';

/**
 * Runs the process of `flowcard:calledElement processKey` (or BPMN's own `calledElement`
 * attribute), its latest version or the one `version` pins, as a child instance; its
 * `flowcard:input`s and `flowcard:output`s map variables in and out (all of them without any).
 */
export const callActivityRule: ElementRule<CallActivityNode> = {
  kind: 'callActivity',
  type: 'bpmn:CallActivity',
  eventDefinition: null,
  displayName: 'Call activity',
  extension: 'flowcard:CalledElement',
  incoming: true,
  outgoing: true,
  choosesFlow: false,

  compile({ base, id, element, extension }, issues) {
    const processKey =
      present(extension?.processKey)?.trim() ?? present(element.calledElement)?.trim() ?? null;
    if (processKey === null) {
      issues.error(
        id,
        'the call activity names no process: flowcard:calledElement processKey (or calledElement)',
      );
    }
    const version = pinnedVersion(extension?.version, id, issues);
    const inputs = mappings(extension?.inputs, 'input', id, issues);
    const outputs = mappings(extension?.outputs, 'output', id, issues);
    if (processKey === null || version === undefined || inputs === undefined) return null;
    if (outputs === undefined) return null;
    return { ...base, kind: 'callActivity', processKey, version, inputs, outputs };
  },
};

/** A positive whole version, null for the latest; undefined after reporting a bad one. */
function pinnedVersion(
  written: string | undefined,
  id: string,
  issues: Issues,
): number | null | undefined {
  const version = present(written)?.trim() ?? 'latest';
  if (version === 'latest') return null;
  if (/^[1-9]\d*$/.test(version)) return Number(version);
  issues.error(
    id,
    `flowcard:calledElement version must be "latest" or a version number, not "${version}"`,
  );
  return undefined;
}

/** The mappings, null when there are none (all variables pass); undefined after reporting. */
function mappings(
  written: BpmnElement[] | undefined,
  direction: 'input' | 'output',
  id: string,
  issues: Issues,
): VariableMapping[] | null | undefined {
  if (!written || written.length === 0) return null;
  const result: VariableMapping[] = [];
  for (const mapping of written) {
    const target = present(mapping.target)?.trim() ?? null;
    const body = present(mapping.source)?.trim() ?? null;
    if (target === null || body === null) {
      issues.error(id, `every flowcard:${direction} needs a source and a target`);
      return undefined;
    }
    const source = body.startsWith('=') ? body.slice(1).trim() : body;
    const problem = checkExpression(source);
    if (problem !== null) {
      issues.error(id, `flowcard:${direction} ${target}: ${problem}`);
      return undefined;
    }
    result.push({ source, target });
  }
  return result;
}
