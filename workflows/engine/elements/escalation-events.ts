import type { EscalationEndEventNode, EscalationThrowNode } from '../model';
import { throwToBoundary } from './boundary-events';
import type { ElementBehaviour } from './element-behaviour';

/** Ends its token and throws its escalation; one that nothing catches is ignored. */
export const escalationEndEventBehaviour: ElementBehaviour<EscalationEndEventNode> = {
  enter(event, token, _viaFlowId, context) {
    context.elementStarted(event, token);
    context.elementCompleted(event, token);
    context.removeToken(token);
    throwToBoundary(event, { kind: 'boundaryEscalation', code: event.escalationCode }, context);
  },
};

/**
 * Throws its escalation and passes the token on, unless an interrupting boundary event caught
 * it and so ended the subprocess the token was in.
 */
export const escalationThrowEventBehaviour: ElementBehaviour<EscalationThrowNode> = {
  enter(event, token, _viaFlowId, context) {
    context.elementStarted(event, token);
    context.elementCompleted(event, token);
    throwToBoundary(event, { kind: 'boundaryEscalation', code: event.escalationCode }, context);
    if (context.tokens.includes(token)) context.leave(token, event.outgoing);
  },
};
