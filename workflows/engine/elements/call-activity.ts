import { evaluateValue } from '../../expressions/feel';
import { attempt } from '../evaluation';
import { InstanceFailure } from '../failure';
import type {
  BoundaryErrorNode,
  CallActivityNode,
  ExecutableModel,
  VariableMapping,
} from '../model';
import type { Variables } from '../types';
import { armBoundaryEvents, fireBoundaryEvent, throwToBoundary } from './boundary-events';
import type { ElementBehaviour } from './element-behaviour';

/**
 * Starts a child instance of another process and waits until it ends. The `startCalledInstance`
 * effect writes the child's instance row in the batch and the shell starts its workflow; the
 * child's end comes back as `calledInstanceEnded`. A child that failed with a BPMN error nothing in
 * it caught throws that error at the call activity: its error boundary event for the code (or
 * without one) catches it, else an enclosing scope, else it goes on up to this instance's own
 * caller, and with none an incident is raised on the call activity. A child cancelled from
 * outside is caught only by an error boundary event without a code, else raises an incident.
 * (A child's other failures are its own incidents: the caller keeps waiting while they are
 * open.) Ending the call activity early cancels the child.
 */
export const callActivityBehaviour: ElementBehaviour<CallActivityNode> = {
  enter(call, token, _viaFlowId, context) {
    context.elementStarted(call, token);
    const variables = mapped(call.id, 'input', call.inputs, context.variables);
    const waitKey = context.nextKey();
    context.wait({ kind: 'calledInstance', waitKey, tokenId: token.id, elementId: call.id });
    context.emit({
      type: 'startCalledInstance',
      key: context.nextKey(),
      waitKey,
      elementId: call.id,
      processKey: call.processKey,
      version: call.version,
      variables,
    });
    armBoundaryEvents(call, token, context);
  },

  waitState: {
    resume(call, token, event, context) {
      if (event.type !== 'calledInstanceEnded') {
        throw new Error(`${event.type} cannot end the wait of call activity ${call.id}`);
      }
      if (event.status === 'completed') {
        const outputs = mapped(call.id, 'output', call.outputs, event.variables);
        if (Object.keys(outputs).length > 0) context.changeVariables(outputs, null);
        context.closeWaitsOf(token);
        context.elementCompleted(call, token);
        context.leave(token, call.outgoing);
        return;
      }
      const errorCode = event.error?.errorCode ?? null;
      const message = event.error?.message ?? `the called instance was ${event.status}`;
      const boundary = errorBoundaryOf(call, errorCode, context.model);
      if (boundary) return fireBoundaryEvent(boundary, token, context);
      // Nothing on the call activity catches it: the enclosing scopes may.
      context.closeWaitsOf(token);
      context.elementTerminated(call, token);
      context.removeToken(token);
      const failure = `the called process ${call.processKey}: ${message}`;
      if (errorCode === null) throw new InstanceFailure(call.id, failure);
      const thrown = { kind: 'boundaryError', code: errorCode } as const;
      if (throwToBoundary(call, thrown, context) === null) {
        context.uncaughtError(call, errorCode, failure);
      }
    },

    cancel(_call, wait, context) {
      context.cancelCalledInstance(wait.waitKey);
    },
  },
};

/** The error boundary event on the call activity for the code, else one without a code. */
function errorBoundaryOf(
  call: CallActivityNode,
  errorCode: string | null,
  model: ExecutableModel,
): BoundaryErrorNode | undefined {
  const boundaries = Object.values(model.nodes).filter(
    (node): node is BoundaryErrorNode =>
      node.kind === 'boundaryError' && node.attachedToId === call.id,
  );
  return (
    boundaries.find((boundary) => errorCode !== null && boundary.errorCode === errorCode) ??
    boundaries.find((boundary) => boundary.errorCode === null)
  );
}

/** The variables the mappings give from `source` (all of them when there are no mappings). */
function mapped(
  elementId: string,
  direction: 'input' | 'output',
  mappings: VariableMapping[] | null,
  source: Variables,
): Variables {
  if (mappings === null) return source;
  const result: Variables = {};
  for (const { source: expression, target } of mappings) {
    result[target] = attempt(elementId, `the ${direction} ${target}`, () =>
      evaluateValue(`=${expression}`, source),
    );
  }
  return result;
}
