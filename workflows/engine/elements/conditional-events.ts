/**
 * Conditional events: a catch event or boundary event whose FEEL condition the engine
 * evaluates when its wait opens and after every change of the variables (`settleConditions`
 * in the core). The wait ends when the condition comes to hold: it did not when last evaluated.
 */
import { evaluateCondition } from '../../expressions/feel';
import { attempt } from '../evaluation';
import type { BoundaryConditionalNode, ConditionalCatchNode, ModelNode } from '../model';
import type { Token, Variables } from '../types';
import { fireBoundaryEvent } from './boundary-events';
import type { ElementBehaviour, ElementContext } from './element-behaviour';

type ConditionalNode = ConditionalCatchNode | BoundaryConditionalNode;

/** Opens the condition's wait on the token; `holds` says what the condition gave before. */
export function openConditionWait(
  node: ConditionalNode,
  token: Token,
  holds: boolean,
  context: ElementContext,
): void {
  context.wait({
    kind: 'condition',
    waitKey: context.nextKey(),
    tokenId: token.id,
    elementId: node.id,
    holds,
  });
}

/** Whether the conditional event's condition holds for these variables. */
export function conditionHolds(node: ModelNode, variables: Variables): boolean {
  if (node.kind !== 'conditionalCatch' && node.kind !== 'boundaryConditional') {
    throw new Error(`${node.kind} ${node.id} holds a condition wait but has no condition`);
  }
  return attempt(node.id, 'the condition', () => evaluateCondition(node.condition, variables));
}

/** The token waits until the condition holds, which may be at once. */
export const conditionalCatchEventBehaviour: ElementBehaviour<ConditionalCatchNode> = {
  enter(event, token, _viaFlowId, context) {
    context.elementStarted(event, token);
    openConditionWait(event, token, false, context);
  },

  waitState: {
    resume(event, token, _met, context) {
      context.elementCompleted(event, token);
      context.leave(token, event.outgoing);
    },

    cancel() {
      // The wait lives in the engine state alone: nothing to close elsewhere.
    },
  },
};

/**
 * Waits while its activity runs (see `armBoundaryEvents`). Non-interrupting, it waits again
 * after it fired, for the condition to stop holding and hold anew.
 */
export const boundaryConditionalEventBehaviour: ElementBehaviour<BoundaryConditionalNode> = {
  enter(boundary, token) {
    throw new Error(`token ${token.id} entered boundary event ${boundary.id} along a flow`);
  },

  waitState: {
    resume(boundary, activityToken, _met, context) {
      fireBoundaryEvent(boundary, activityToken, context);
      if (!boundary.cancelActivity) openConditionWait(boundary, activityToken, true, context);
    },

    cancel() {
      // The wait lives in the engine state alone: nothing to close elsewhere.
    },
  },
};
