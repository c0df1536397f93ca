import { InstanceFailure } from '../failure';
import type { ErrorEndEventNode } from '../model';
import { throwToBoundary } from './boundary-events';
import type { ElementBehaviour } from './element-behaviour';

/**
 * Ends its token and throws its error: the error boundary event of an enclosing subprocess
 * catches it, interrupting the subprocess; an error nothing catches raises an incident.
 */
export const errorEndEventBehaviour: ElementBehaviour<ErrorEndEventNode> = {
  enter(event, token, _viaFlowId, context) {
    context.elementStarted(event, token);
    context.elementCompleted(event, token);
    context.removeToken(token);
    const thrown = { kind: 'boundaryError', code: event.errorCode } as const;
    if (throwToBoundary(event, thrown, context) === null) {
      throw new InstanceFailure(
        event.id,
        `error "${event.errorCode}" was thrown and no error boundary event catches it`,
      );
    }
  },
};
