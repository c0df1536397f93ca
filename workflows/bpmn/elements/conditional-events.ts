/** Conditional events: each carries a FEEL condition (`bpmn:condition` of its definition). */
import type { BoundaryConditionalNode, ConditionalCatchNode } from '../../engine/model';
import { checkExpression } from '../../expressions/feel';
import type { BpmnElement } from '../bpmn-element';
import type { Issues } from '../issues';
import { present } from '../values';
import { boundaryHost } from './boundary';
import type { ElementRule } from './element-rule';
import { CONDITIONAL } from './event-definitions';

/** The activities a conditional boundary event may be attached to: those that wait. */
const HOSTS = ['bpmn:UserTask', 'bpmn:ReceiveTask', 'bpmn:SubProcess'];

/** The condition's FEEL source without the leading `=`; null after reporting why not. */
function conditionOf(element: BpmnElement, id: string, issues: Issues): string | null {
  const [definition] = element.eventDefinitions ?? [];
  const written = present(definition.condition?.body?.trim());
  if (written === null) {
    issues.error(
      id,
      'the conditional event has no condition (bpmn:condition with a FEEL expression)',
    );
    return null;
  }
  const condition = written.startsWith('=') ? written.slice(1) : written;
  const problem = checkExpression(condition);
  if (problem !== null) {
    issues.error(id, `condition: ${problem}`);
    return null;
  }
  return condition;
}

/** Waits until its condition holds, re-evaluated on every change of the variables. */
export const conditionalCatchEventRule: ElementRule<ConditionalCatchNode> = {
  kind: 'conditionalCatch',
  type: 'bpmn:IntermediateCatchEvent',
  eventDefinition: CONDITIONAL,
  displayName: 'Conditional catch event',
  extension: null,
  incoming: true,
  outgoing: true,
  choosesFlow: false,

  compile({ base, id, element }, issues) {
    const condition = conditionOf(element, id, issues);
    return condition === null ? null : { ...base, kind: 'conditionalCatch', condition };
  },
};

/** Fires when its condition comes to hold while the activity runs, interrupting it or not. */
export const boundaryConditionalEventRule: ElementRule<BoundaryConditionalNode> = {
  kind: 'boundaryConditional',
  type: 'bpmn:BoundaryEvent',
  nonInterrupting: true,
  eventDefinition: CONDITIONAL,
  displayName: 'Conditional boundary event',
  extension: null,
  incoming: false,
  outgoing: true,
  choosesFlow: false,

  compile({ base, id, element }, issues) {
    const attachedToId = boundaryHost(element, id, HOSTS, 'conditional boundary events', issues);
    const condition = conditionOf(element, id, issues);
    if (attachedToId === null || condition === null) return null;
    return {
      ...base,
      kind: 'boundaryConditional',
      attachedToId,
      cancelActivity: element.cancelActivity !== false,
      condition,
    };
  },
};
