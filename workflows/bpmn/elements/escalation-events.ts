import type {
  BoundaryEscalationNode,
  EscalationEndEventNode,
  EscalationThrowNode,
} from '../../engine/model';
import { boundaryHost } from './boundary';
import type { ElementRule } from './element-rule';
import { ESCALATION } from './event-definitions';
import { codeOf, thrownCode } from './thrown-codes';

/** Throws the escalation of its `escalationRef`, which must have an `escalationCode`. */
export const escalationEndEventRule: ElementRule<EscalationEndEventNode> = {
  kind: 'escalationEndEvent',
  type: 'bpmn:EndEvent',
  eventDefinition: ESCALATION,
  displayName: 'Escalation end event',
  extension: null,
  incoming: true,
  outgoing: false,
  choosesFlow: false,

  compile({ base, id, element }, issues) {
    const escalationCode = thrownCode(element, id, 'escalation', issues);
    return escalationCode === null ? null : { ...base, kind: 'escalationEndEvent', escalationCode };
  },
};

export const escalationThrowEventRule: ElementRule<EscalationThrowNode> = {
  kind: 'escalationThrow',
  type: 'bpmn:IntermediateThrowEvent',
  eventDefinition: ESCALATION,
  displayName: 'Escalation throw event',
  extension: null,
  incoming: true,
  outgoing: true,
  choosesFlow: false,

  compile({ base, id, element }, issues) {
    const escalationCode = thrownCode(element, id, 'escalation', issues);
    return escalationCode === null ? null : { ...base, kind: 'escalationThrow', escalationCode };
  },
};

/**
 * Catches the escalations thrown inside its subprocess: those with its code, or all without
 * one; interrupting or not (`cancelActivity`).
 */
export const boundaryEscalationEventRule: ElementRule<BoundaryEscalationNode> = {
  kind: 'boundaryEscalation',
  type: 'bpmn:BoundaryEvent',
  nonInterrupting: true,
  eventDefinition: ESCALATION,
  displayName: 'Escalation boundary event',
  extension: null,
  incoming: false,
  outgoing: true,
  choosesFlow: false,

  compile({ base, id, element }, issues) {
    const attachedToId = boundaryHost(
      element,
      id,
      ['bpmn:SubProcess'],
      'escalation boundary events',
      issues,
    );
    if (attachedToId === null) return null;
    return {
      ...base,
      kind: 'boundaryEscalation',
      attachedToId,
      cancelActivity: element.cancelActivity !== false,
      escalationCode: codeOf(element),
    };
  },
};
