import type { ErrorEndEventNode } from '../model';
import { throwToBoundary } from './boundary-events';
import type { ElementBehaviour } from './element-behaviour';

/**
 * Ends its token and throws its error: the error boundary event of an enclosing subprocess
 * catches it, interrupting the subprocess. An error nothing catches raises an incident, but in a
 * called instance, which it ends as failed for the call activity to catch (Camunda's propagation).
 */
export const errorEndEventBehaviour: ElementBehaviour<ErrorEndEventNode> = {
  enter(event, token, _viaFlowId, context) {
    context.elementStarted(event, token);
    context.elementCompleted(event, token);
    context.removeToken(token);
    const thrown = { kind: 'boundaryError', code: event.errorCode } as const;
    if (throwToBoundary(event, thrown, context) === null) {
      const message = `error "${event.errorCode}" was thrown and no error boundary event catches it`;
      context.uncaughtError(event, event.errorCode, message);
    }
  },
};
