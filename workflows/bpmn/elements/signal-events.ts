/** Signal events: each refers to a named `bpmn:signal` (`signalRef`). */
import type {
  BoundarySignalNode,
  SignalCatchNode,
  SignalEndEventNode,
  SignalThrowNode,
} from '../../engine/model';
import type { BpmnElement } from '../bpmn-element';
import type { Issues } from '../issues';
import { present } from '../values';
import { boundaryHost } from './boundary';
import type { ElementRule } from './element-rule';
import { SIGNAL } from './event-definitions';

/** The activities a signal boundary event may be attached to: those that wait. */
const HOSTS = ['bpmn:UserTask', 'bpmn:ReceiveTask', 'bpmn:SubProcess'];

/** The name of the element's signal; null after reporting that it has none. */
function signalName(element: BpmnElement, id: string, issues: Issues): string | null {
  const [definition] = element.eventDefinitions ?? [];
  const name = present(definition.signalRef?.name)?.trim() ?? null;
  if (name === null) {
    issues.error(id, 'the signal has no name: refer to a named bpmn:signal (signalRef)');
  }
  return name;
}

/** Waits until its signal is broadcast. */
export const signalCatchEventRule: ElementRule<SignalCatchNode> = {
  kind: 'signalCatch',
  type: 'bpmn:IntermediateCatchEvent',
  eventDefinition: SIGNAL,
  displayName: 'Signal catch event',
  extension: null,
  incoming: true,
  outgoing: true,
  choosesFlow: false,

  compile({ base, id, element }, issues) {
    const name = signalName(element, id, issues);
    return name === null ? null : { ...base, kind: 'signalCatch', signalName: name };
  },
};

/** Broadcasts its signal and passes the token on. */
export const signalThrowEventRule: ElementRule<SignalThrowNode> = {
  kind: 'signalThrow',
  type: 'bpmn:IntermediateThrowEvent',
  eventDefinition: SIGNAL,
  displayName: 'Signal throw event',
  extension: null,
  incoming: true,
  outgoing: true,
  choosesFlow: false,

  compile({ base, id, element }, issues) {
    const name = signalName(element, id, issues);
    return name === null ? null : { ...base, kind: 'signalThrow', signalName: name };
  },
};

/** Broadcasts its signal and ends its token. */
export const signalEndEventRule: ElementRule<SignalEndEventNode> = {
  kind: 'signalEndEvent',
  type: 'bpmn:EndEvent',
  eventDefinition: SIGNAL,
  displayName: 'Signal end event',
  extension: null,
  incoming: true,
  outgoing: false,
  choosesFlow: false,

  compile({ base, id, element }, issues) {
    const name = signalName(element, id, issues);
    return name === null ? null : { ...base, kind: 'signalEndEvent', signalName: name };
  },
};

/** Waits for its signal while the activity runs, interrupting it or not (`cancelActivity`). */
export const boundarySignalEventRule: ElementRule<BoundarySignalNode> = {
  kind: 'boundarySignal',
  type: 'bpmn:BoundaryEvent',
  eventDefinition: SIGNAL,
  displayName: 'Signal boundary event',
  extension: null,
  incoming: false,
  outgoing: true,
  choosesFlow: false,

  compile({ base, id, element }, issues) {
    const attachedToId = boundaryHost(element, id, HOSTS, 'signal boundary events', issues);
    const name = signalName(element, id, issues);
    if (attachedToId === null || name === null) return null;
    return {
      ...base,
      kind: 'boundarySignal',
      attachedToId,
      cancelActivity: element.cancelActivity !== false,
      signalName: name,
    };
  },
};
