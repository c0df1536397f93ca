import { attempt, duration, optionalText, requiredText } from '../evaluation';
import { evaluateValue } from '../../expressions/feel';
import { InstanceFailure } from '../failure';
import { uuidFromKey } from '../key-uuid';
import type { CreateDealAction, ServiceTaskNode, ValueExpression } from '../model';
import type { Effect, Variables } from '../types';
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
    const effect = actionEffect(task, context);
    context.emit(effect);
    if (effect.type === 'createDeal' && task.action.type === 'createDeal') {
      const { resultVariable } = task.action;
      if (resultVariable) context.changeVariables({ [resultVariable]: effect.dealId }, null);
    }
    context.elementCompleted(task, token);
    context.leave(token, task.outgoing);
  },
};

// The key is taken before the values are evaluated: a failing value still uses it up.
function actionEffect(task: ServiceTaskNode, context: ElementContext): Effect {
  const { action } = task;
  const { variables } = context;
  const key = context.nextKey();
  const elementId = task.id;
  const text = (label: string, expr: ValueExpression) =>
    requiredText(variables, elementId, label, expr);
  const optional = (label: string, expr: ValueExpression | null) =>
    optionalText(variables, elementId, label, expr);
  switch (action.type) {
    case 'setClientStatus':
      return { type: 'setClientStatus', key, elementId, status: text('status', action.status) };
    case 'createDeal':
      return createDealEffect(action, key, elementId, variables);
    case 'setDealStage':
      return {
        type: 'setDealStage',
        key,
        elementId,
        dealId: text('deal', action.deal),
        stageId: text('stage', action.stage),
      };
    case 'addNote':
      return {
        type: 'addNote',
        key,
        elementId,
        subject: text('subject', action.subject),
        body: optional('body', action.body),
      };
    case 'assignClientOwner':
      return { type: 'assignClientOwner', key, elementId, owner: text('owner', action.owner) };
    default:
      return {
        type: 'createActivity',
        key,
        elementId,
        activityKind: ACTIVITY_KINDS[action.type],
        subject: text('subject', action.subject),
        dueInMs: duration(variables, elementId, 'dueIn', action.dueIn),
        assignee: optional('assignee', action.assignee),
      };
  }
}

function createDealEffect(
  action: CreateDealAction,
  key: string,
  elementId: string,
  variables: Variables,
): Effect {
  const optional = (label: string, expr: ValueExpression | null) =>
    optionalText(variables, elementId, label, expr);
  return {
    type: 'createDeal',
    key,
    elementId,
    dealId: uuidFromKey(key),
    title: requiredText(variables, elementId, 'title', action.title),
    amount: amountOf(action.amount, elementId, variables),
    currency: optional('currency', action.currency),
    pipelineId: optional('pipeline', action.pipeline),
    stageId: optional('stage', action.stage),
    clientId: optional('client', action.client),
    owner: optional('owner', action.owner),
  };
}

/** Text or a number: the server checks it as the API checks an amount. */
function amountOf(
  expr: ValueExpression | null,
  elementId: string,
  variables: Variables,
): string | number | null {
  if (expr === null) return null;
  const value = attempt(elementId, 'amount', () => evaluateValue(expr, variables));
  if (value === null || typeof value === 'string' || typeof value === 'number') return value;
  throw new InstanceFailure(
    elementId,
    `amount must be a number or text, got ${JSON.stringify(value)}`,
  );
}
