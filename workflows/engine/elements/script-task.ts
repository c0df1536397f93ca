import { evaluateValue } from '../../expressions/feel';
import { attempt } from '../evaluation';
import type { ScriptTaskNode } from '../model';
import type { ElementBehaviour } from './element-behaviour';

/** Evaluates its FEEL expression and stores the value in its result variable. */
export const scriptTaskBehaviour: ElementBehaviour<ScriptTaskNode> = {
  enter(task, token, _viaFlowId, context) {
    context.elementStarted(task, token);
    const value = attempt(task.id, 'the script', () =>
      evaluateValue(task.expression, context.variables),
    );
    context.changeVariables({ [task.resultVariable]: value }, null);
    context.elementCompleted(task, token);
    context.leave(token, task.outgoing);
  },
};
