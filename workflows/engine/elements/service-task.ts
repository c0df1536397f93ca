import { duration, optionalText, requiredText } from '../evaluation';
import type { ServiceTaskNode } from '../model';
import type { Effect } from '../types';
import type { ElementBehaviour, ElementContext } from './element-behaviour';

const ACTIVITY_KINDS = {
  createCall: 'call',
  createTask: 'task',
  createMeeting: 'meeting',
} as const;

/** Writes its CRM action as an effect of the batch and goes on. */
export const serviceTaskBehaviour: ElementBehaviour<ServiceTaskNode> = {
  enter(task, token, _viaFlowId, context) {
    context.elementStarted(task, token);
    context.emit(actionEffect(task, context));
    context.elementCompleted(task, token);
    context.leave(token, task.outgoing);
  },
};

function actionEffect(task: ServiceTaskNode, context: ElementContext): Effect {
  const { action } = task;
  const { variables } = context;
  if (action.type === 'setClientStatus') {
    const status = requiredText(variables, task.id, 'status', action.status);
    return { type: 'setClientStatus', key: context.nextKey(), elementId: task.id, status };
  }
  // The key is taken before the values are evaluated: a failing value still uses it up.
  return {
    type: 'createActivity',
    key: context.nextKey(),
    elementId: task.id,
    activityKind: ACTIVITY_KINDS[action.type],
    subject: requiredText(variables, task.id, 'subject', action.subject),
    dueInMs: duration(variables, task.id, 'dueIn', action.dueIn),
    assignee: optionalText(variables, task.id, 'assignee', action.assignee),
  };
}
