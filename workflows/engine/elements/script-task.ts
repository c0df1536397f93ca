import { evaluateValue } from '../../expressions/feel';
import { attempt } from '../evaluation';
import type { BusinessRuleTaskNode, ScriptTaskNode } from '../model';
import type { ElementBehaviour } from './element-behaviour';

/** Evaluates its FEEL expression and stores the value in its result variable. */
function feelTask<N extends ScriptTaskNode | BusinessRuleTaskNode>(
  label: string,
): ElementBehaviour<N> {
  return {
    enter(task, token, _viaFlowId, context) {
      context.elementStarted(task, token);
      const value = attempt(task.id, label, () =>
        evaluateValue(task.expression, context.variables),
      );
      context.changeVariables({ [task.resultVariable]: value }, null);
      context.elementCompleted(task, token);
      context.leave(token, task.outgoing);
    },
  };
}

export const scriptTaskBehaviour = feelTask<ScriptTaskNode>('the script');
export const businessRuleTaskBehaviour = feelTask<BusinessRuleTaskNode>('the decision');
