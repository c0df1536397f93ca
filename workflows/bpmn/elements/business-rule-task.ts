import type { BusinessRuleTaskNode } from '../../engine/model';
import { checkExpression } from '../../expressions/feel';
import { present } from '../values';
import type { ElementRule } from './element-rule';
import { VARIABLE_NAME } from './script-task';

/**
 * Decides with a FEEL expression into a variable, written as the script task's
 * `<flowcard:script expression="=..." resultVariable="..."/>`; decision tables (DMN) are not
 * supported.
 */
export const businessRuleTaskRule: ElementRule<BusinessRuleTaskNode> = {
  kind: 'businessRuleTask',
  type: 'bpmn:BusinessRuleTask',
  eventDefinition: null,
  displayName: 'Business rule task',
  extension: 'flowcard:Script',
  incoming: true,
  outgoing: true,
  choosesFlow: false,

  compile({ base, id, extension }, issues) {
    const written = present(extension?.expression)?.trim() ?? null;
    if (written === null) {
      issues.error(id, 'a business rule task needs a flowcard:script with a FEEL expression');
      return null;
    }
    const source = (written.startsWith('=') ? written.slice(1) : written).trim();
    const problem = checkExpression(source);
    if (problem !== null) issues.error(id, `decision: ${problem}`);
    const resultVariable = present(extension?.resultVariable)?.trim() ?? null;
    if (resultVariable === null || !VARIABLE_NAME.test(resultVariable)) {
      issues.error(
        id,
        'the business rule task needs a resultVariable (letters, digits and _, not starting with a digit)',
      );
    }
    if (problem !== null || resultVariable === null || !VARIABLE_NAME.test(resultVariable)) {
      return null;
    }
    return { ...base, kind: 'businessRuleTask', expression: `=${source}`, resultVariable };
  },
};
