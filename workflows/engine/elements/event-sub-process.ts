/**
 * Event subprocesses. While their scope (the process or an embedded subprocess) runs, those
 * started by a timer, a message or a signal listen through a token of their own that waits at
 * the event subprocess node; an error or escalation thrown in the scope starts the one for its
 * code (`throwToBoundary`). The listening token becomes the run's token, so one run of an event
 * subprocess goes at a time; a non-interrupting one started by a message or a signal listens
 * again once its run ends. The engine ignores listening tokens when it asks whether a scope is
 * empty, and closes their waits when the scope ends.
 */
import { describeNode, InstanceFailure } from '../failure';
import { type EventSubProcessNode, maxTimerMsOf } from '../model';
import { eventSubProcessesIn, scopeOf } from '../scopes';
import type { Token } from '../types';
import type { ElementBehaviour, ElementContext } from './element-behaviour';
import { openMessageWait } from './message-catch';
import { closeSignalWait, openSignalWait } from './signal-events';
import { timerDue } from './timer-catch-event';

/**
 * The scope (null for the process) starts: each event subprocess in it started by a timer, a
 * message or a signal gets a token that waits for its trigger.
 */
export function armEventSubProcesses(scopeId: string | null, context: ElementContext): void {
  for (const eventSubProcess of eventSubProcessesIn(context.model, scopeId)) {
    const { trigger } = eventSubProcess;
    if (trigger.kind === 'error' || trigger.kind === 'escalation') continue;
    listen(eventSubProcess, context.newToken(eventSubProcess.id), context);
  }
}

/** The token waits for the event subprocess's trigger (again, when a retry re-arms its timer). */
export function listen(
  eventSubProcess: EventSubProcessNode,
  token: Token,
  context: ElementContext,
): void {
  const { trigger, id } = eventSubProcess;
  switch (trigger.kind) {
    case 'timer':
      context.wait({
        kind: 'timer',
        waitKey: context.nextKey(),
        tokenId: token.id,
        elementId: id,
        ...timerDue({ ...trigger, id }, context.variables, maxTimerMsOf(context.model)),
      });
      return;
    case 'message':
      openMessageWait({ ...trigger, id }, token, context);
      return;
    case 'signal':
      openSignalWait({ ...trigger, id }, token, context);
      return;
    default:
      throw new Error(`event subprocess ${id} started by ${trigger.kind} does not listen`);
  }
}

/**
 * The event subprocess starts, on its listening token or (for a thrown error or escalation) a
 * new one. Interrupting, it first ends everything else in its scope, the other event
 * subprocesses' listening included.
 */
export function triggerEventSubProcess(
  eventSubProcess: EventSubProcessNode,
  listener: Token | null,
  context: ElementContext,
): void {
  const scopeId = listener ? listener.scopeId : context.runScopeFor(eventSubProcess.id);
  const running = context.tokens.some(
    (other) =>
      other !== listener && other.nodeId === eventSubProcess.id && other.scopeId === scopeId,
  );
  if (running) {
    throw new InstanceFailure(
      eventSubProcess.id,
      `event subprocess ${describeNode(eventSubProcess)} was started again while it still runs`,
    );
  }
  const token = listener ?? context.newToken(eventSubProcess.id);
  if (eventSubProcess.interrupting) {
    context.interruptScope(scopeOf(context.model, eventSubProcess.id), token);
  }
  context.elementStarted(eventSubProcess, token);
  context.jump(context.newToken(eventSubProcess.startNodeId), eventSubProcess.startNodeId);
}

export const eventSubProcessBehaviour: ElementBehaviour<EventSubProcessNode> = {
  enter(eventSubProcess, token) {
    throw new Error(
      `token ${token.id} entered event subprocess ${eventSubProcess.id} along a flow`,
    );
  },

  waitState: {
    resume(eventSubProcess, token, event, context) {
      if (event.type === 'messageReceived') {
        context.emit({
          type: 'closeMessageWait',
          key: context.nextKey(),
          waitKey: event.waitKey,
          status: 'received',
        });
        if (Object.keys(event.variables).length > 0) {
          context.changeVariables(event.variables, null);
        }
      }
      if (event.type === 'signalReceived') closeSignalWait(event.waitKey, 'received', context);
      triggerEventSubProcess(eventSubProcess, token, context);
    },

    cancel(_eventSubProcess, wait, context) {
      if (wait.kind === 'timer') context.cancelTimer(wait.waitKey);
      if (wait.kind === 'message') {
        context.emit({
          type: 'closeMessageWait',
          key: context.nextKey(),
          waitKey: wait.waitKey,
          status: 'cancelled',
        });
      }
      if (wait.kind === 'signal') closeSignalWait(wait.waitKey, 'cancelled', context);
    },
  },

  scopeEmptied(eventSubProcess, token, context) {
    context.elementCompleted(eventSubProcess, token);
    const { trigger, interrupting } = eventSubProcess;
    if (!interrupting && (trigger.kind === 'message' || trigger.kind === 'signal')) {
      listen(eventSubProcess, token, context);
    } else {
      context.removeToken(token);
    }
  },
};
