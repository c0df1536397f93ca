import { describeNode, InstanceFailure } from '../failure';
import type { SubProcessNode } from '../model';
import { armBoundaryEvents } from './boundary-events';
import type { ElementBehaviour } from './element-behaviour';
import { armEventSubProcesses } from './event-sub-process';

/**
 * The token waits at the subprocess while a new token runs inside from its start event; the
 * subprocess completes when no token is left inside. One run of a subprocess at a time in a
 * scope: a token reaching it while it runs raises an incident, as the tokens inside could not
 * tell the two runs apart; the runs of a multi-instance subprocess each have a scope.
 */
export const subProcessBehaviour: ElementBehaviour<SubProcessNode> = {
  enter(subProcess, token, _viaFlowId, context) {
    // Runs of one multi-instance subprocess, or runs in other scopes, go on side by side.
    const running = context.tokens.some(
      (other) =>
        other !== token &&
        other.id !== token.bodyId &&
        other.nodeId === subProcess.id &&
        other.scopeId === token.scopeId &&
        (token.bodyId === undefined || other.bodyId !== token.bodyId),
    );
    if (running) {
      throw new InstanceFailure(
        subProcess.id,
        `subprocess ${describeNode(subProcess)} was reached again while it still runs`,
      );
    }
    context.elementStarted(subProcess, token);
    armBoundaryEvents(subProcess, token, context);
    armEventSubProcesses(subProcess.id, context);
    context.jump(context.newToken(subProcess.startNodeId), subProcess.startNodeId);
  },

  scopeEmptied(subProcess, token, context) {
    context.closeWaitsOf(token);
    context.elementCompleted(subProcess, token);
    context.leave(token, subProcess.outgoing);
  },
};
