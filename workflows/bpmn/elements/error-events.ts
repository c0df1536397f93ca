import type { BoundaryErrorNode, ErrorEndEventNode } from '../../engine/model';
import { boundaryHost } from './boundary';
import type { ElementRule } from './element-rule';
import { ERROR } from './event-definitions';
import { codeOf, thrownCode } from './thrown-codes';

/** Throws the error of its `errorRef`, which must have an `errorCode`. */
export const errorEndEventRule: ElementRule<ErrorEndEventNode> = {
  kind: 'errorEndEvent',
  type: 'bpmn:EndEvent',
  eventDefinition: ERROR,
  displayName: 'Error end event',
  extension: null,
  incoming: true,
  outgoing: false,
  choosesFlow: false,

  compile({ base, id, element }, issues) {
    const errorCode = thrownCode(element, id, 'error', issues);
    return errorCode === null ? null : { ...base, kind: 'errorEndEvent', errorCode };
  },
};

/** Catches the errors thrown inside its subprocess: those with its code, or all without one. */
export const boundaryErrorEventRule: ElementRule<BoundaryErrorNode> = {
  kind: 'boundaryError',
  type: 'bpmn:BoundaryEvent',
  nonInterrupting: false,
  eventDefinition: ERROR,
  displayName: 'Error boundary event',
  extension: null,
  incoming: false,
  outgoing: true,
  choosesFlow: false,

  compile({ base, id, element }, issues) {
    const attachedToId = boundaryHost(
      element,
      id,
      ['bpmn:SubProcess', 'bpmn:CallActivity'],
      'error boundary events',
      issues,
    );
    if (element.cancelActivity === false) {
      issues.error(id, 'an error boundary event always interrupts (cancelActivity="false")');
      return null;
    }
    if (attachedToId === null) return null;
    return {
      ...base,
      kind: 'boundaryError',
      attachedToId,
      cancelActivity: true,
      errorCode: codeOf(element),
    };
  },
};
