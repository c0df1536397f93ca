/** Boundary events: armed when their activity starts to wait, fired, closed when it leaves. */
import {
  type BoundaryNode,
  type BoundaryTimerNode,
  type EventSubProcessNode,
  maxTimerMsOf,
  type ModelNode,
} from '../model';
import { eventSubProcessesIn, isInside, scopeOf } from '../scopes';
import type { Token } from '../types';
import type { ElementContext } from './element-behaviour';
import { openConditionWait } from './conditional-events';
import { triggerEventSubProcess } from './event-sub-process';
import { openMessageWait } from './message-catch';
import { openSignalWait } from './signal-events';
import { timerDue } from './timer-catch-event';

/**
 * Starts the boundary timers, signal, message and condition waits attached to the activity the token now waits in.
 * Each holds a wait on the activity's token, so completing the activity closes them
 * (`closeWaitsOf`).
 */
export function armBoundaryEvents(
  activity: ModelNode,
  token: Token,
  context: ElementContext,
): void {
  // A run of a multi-instance activity: its boundary events wait on the body's token.
  if (token.bodyId !== undefined && activity.multiInstance) return;
  for (const node of Object.values(context.model.nodes)) {
    if (!('attachedToId' in node) || node.attachedToId !== activity.id) continue;
    if (node.kind === 'boundarySignal') openSignalWait(node, token, context);
    if (node.kind === 'boundaryMessage') openMessageWait(node, token, context);
    if (node.kind === 'boundaryTimer') armBoundaryTimer(node, token, 0, context);
    if (node.kind === 'boundaryConditional') openConditionWait(node, token, false, context);
  }
}

/** Starts the boundary timer on the activity's token; a cycle's wait counts its fires so far. */
export function armBoundaryTimer(
  timer: BoundaryTimerNode,
  token: Token,
  fired: number,
  context: ElementContext,
): void {
  const due =
    'cycle' in timer
      ? { durationMs: timer.cycle.intervalMs, fired }
      : timerDue(timer, context.variables, maxTimerMsOf(context.model));
  context.wait({
    kind: 'timer',
    waitKey: context.nextKey(),
    tokenId: token.id,
    elementId: timer.id,
    ...due,
  });
}

/**
 * The boundary event fires on the activity `activityToken` runs. Interrupting, it ends the
 * activity (its task is cancelled, or everything inside the subprocess ends, and its other
 * boundary timers stop; on a multi-instance activity, every run) and the activity's token
 * leaves along the boundary's flows; otherwise a new token leaves there and the activity goes on.
 */
export function fireBoundaryEvent(
  boundary: BoundaryNode,
  activityToken: Token,
  context: ElementContext,
): void {
  const activity = context.model.nodes[boundary.attachedToId];
  let token = activityToken;
  if (token.bodyId !== undefined && activity.multiInstance) {
    // A run's called instance failed: the boundary belongs to the multi-instance body.
    const body = context.tokens.find((candidate) => candidate.id === token.bodyId);
    if (!body) throw new Error(`run ${token.id} of ${activity.id} has no body token`);
    token = body;
  }
  if (boundary.cancelActivity) {
    context.closeWaitsOf(token);
    if (token.multiInstance) {
      context.dropRuns(token);
    } else {
      if (activity.kind === 'subProcess') context.dropScope(token);
      context.elementTerminated(activity, token);
    }
    token.nodeId = boundary.id;
  } else {
    token = context.newToken(boundary.id);
  }
  context.elementStarted(boundary, token);
  context.elementCompleted(boundary, token);
  context.leave(token, boundary.outgoing);
}

export type Thrown =
  { kind: 'boundaryError'; code: string } | { kind: 'boundaryEscalation'; code: string };

/**
 * Throws an error or escalation from the node. Walking out from the node's scope to the
 * process, the first scope with a catcher for the code (or one without a code, which catches
 * every code) catches it: an event subprocess of that kind inside the scope, else a boundary
 * event of that kind on it. The boundary event or event subprocess that caught it, or null
 * when none did.
 */
export function throwToBoundary(
  from: ModelNode,
  thrown: Thrown,
  context: ElementContext,
): BoundaryNode | EventSubProcessNode | null {
  const { model } = context;
  for (let scope = scopeOf(model, from.id); ; scope = scopeOf(model, scope)) {
    const eventSubProcess = catchingEventSubProcess(from, scope, thrown, context);
    if (eventSubProcess) {
      triggerEventSubProcess(eventSubProcess, null, context);
      return eventSubProcess;
    }
    if (scope === null) return null;
    const candidates = Object.values(model.nodes).filter(
      (node): node is Extract<BoundaryNode, { kind: Thrown['kind'] }> =>
        node.kind === thrown.kind && node.attachedToId === scope,
    );
    const boundary =
      candidates.find((candidate) => codeOf(candidate) === thrown.code) ??
      candidates.find((candidate) => codeOf(candidate) === null);
    if (!boundary) continue;
    const host = context.hostOf(scope);
    if (!host) throw new Error(`no token runs subprocess ${scope}, yet ${from.id} ran in it`);
    fireBoundaryEvent(boundary, host, context);
    return boundary;
  }
}

/** The event subprocess in the scope that catches the thrown code, but one the thrower is in. */
function catchingEventSubProcess(
  from: ModelNode,
  scope: string | null,
  thrown: Thrown,
  context: ElementContext,
): EventSubProcessNode | undefined {
  const kind = thrown.kind === 'boundaryError' ? 'error' : 'escalation';
  const candidates = eventSubProcessesIn(context.model, scope).filter(
    (node) => node.trigger.kind === kind && !isInside(context.model, from.id, node.id),
  );
  const code = ({ trigger }: EventSubProcessNode) =>
    trigger.kind === 'error'
      ? trigger.errorCode
      : trigger.kind === 'escalation'
        ? trigger.escalationCode
        : null;
  return (
    candidates.find((candidate) => code(candidate) === thrown.code) ??
    candidates.find((candidate) => code(candidate) === null)
  );
}

function codeOf(boundary: Extract<BoundaryNode, { kind: Thrown['kind'] }>): string | null {
  return boundary.kind === 'boundaryError' ? boundary.errorCode : boundary.escalationCode;
}
