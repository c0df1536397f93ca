/**
 * Signal events: catch events and boundary events wait for a signal by name, throw and end
 * events broadcast one. A broadcast leaves the instance as an effect the server relays to
 * every instance waiting for the signal, this one included.
 */
import type {
  BoundarySignalNode,
  SignalCatchNode,
  SignalEndEventNode,
  SignalThrowNode,
} from '../model';
import type { Token } from '../types';
import { fireBoundaryEvent } from './boundary-events';
import type { ElementBehaviour, ElementContext } from './element-behaviour';

type SignalWaiter = SignalCatchNode | BoundarySignalNode;

/** Opens the wait for the element's signal, held by the token. */
export function openSignalWait(
  node: Pick<SignalWaiter, 'id' | 'signalName'>,
  token: Token,
  context: ElementContext,
): void {
  const waitKey = context.nextKey();
  const { signalName } = node;
  context.wait({ kind: 'signal', waitKey, tokenId: token.id, elementId: node.id, signalName });
  context.emit({
    type: 'openSignalWait',
    key: context.nextKey(),
    waitKey,
    elementId: node.id,
    signalName,
  });
}

export function closeSignalWait(
  waitKey: string,
  status: 'received' | 'cancelled',
  context: ElementContext,
): void {
  context.emit({ type: 'closeSignalWait', key: context.nextKey(), waitKey, status });
}

function broadcast(node: SignalThrowNode | SignalEndEventNode, context: ElementContext): void {
  context.emit({
    type: 'broadcastSignal',
    key: context.nextKey(),
    elementId: node.id,
    signalName: node.signalName,
  });
}

/** The token waits until the signal comes; its variables are merged in. */
export const signalCatchEventBehaviour: ElementBehaviour<SignalCatchNode> = {
  enter(event, token, _viaFlowId, context) {
    context.elementStarted(event, token);
    openSignalWait(event, token, context);
  },

  waitState: {
    resume(event, token, signal, context) {
      closeSignalWait(signal.waitKey, 'received', context);
      context.elementCompleted(event, token);
      context.leave(token, event.outgoing);
    },

    cancel(_event, wait, context) {
      closeSignalWait(wait.waitKey, 'cancelled', context);
    },
  },
};

export const signalThrowEventBehaviour: ElementBehaviour<SignalThrowNode> = {
  enter(event, token, _viaFlowId, context) {
    context.elementStarted(event, token);
    broadcast(event, context);
    context.elementCompleted(event, token);
    context.leave(token, event.outgoing);
  },
};

export const signalEndEventBehaviour: ElementBehaviour<SignalEndEventNode> = {
  enter(event, token, _viaFlowId, context) {
    context.elementStarted(event, token);
    broadcast(event, context);
    context.elementCompleted(event, token);
    context.removeToken(token);
  },
};

/**
 * Waits while its activity runs (see `armBoundaryEvents`). Non-interrupting, it waits again
 * after it fired, since a signal may come more than once.
 */
export const boundarySignalEventBehaviour: ElementBehaviour<BoundarySignalNode> = {
  enter(boundary, token) {
    throw new Error(`token ${token.id} entered boundary event ${boundary.id} along a flow`);
  },

  waitState: {
    resume(boundary, activityToken, signal, context) {
      closeSignalWait(signal.waitKey, 'received', context);
      fireBoundaryEvent(boundary, activityToken, context);
      if (!boundary.cancelActivity) openSignalWait(boundary, activityToken, context);
    },

    cancel(_boundary, wait, context) {
      closeSignalWait(wait.waitKey, 'cancelled', context);
    },
  },
};
