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
export function signalName(element: BpmnElement, id: string, issues: Issues): string | null {
  const [definition] = element.eventDefinitions ?? [];
  const name = present(definition.signalRef?.name)?.trim() ?? null;
  if (name === null) {
    issues.error(id, 'the signal has no name: refer to a named bpmn:signal (signalRef)');
  }
  return name;
}

/** A signal event that is its signal's name and nothing more: catch, throw and end. */
function namedSignalRule<N extends SignalCatchNode | SignalThrowNode | SignalEndEventNode>(
  kind: N['kind'],
  type: string,
  displayName: string,
  outgoing: boolean,
): ElementRule<N> {
  return {
    kind,
    type,
    eventDefinition: SIGNAL,
    displayName,
    extension: null,
    incoming: true,
    outgoing,
    choosesFlow: false,

    compile({ base, id, element }, issues) {
      const name = signalName(element, id, issues);
      // `kind` is N's own kind, so the node is an N.
      return name === null ? null : ({ ...base, kind, signalName: name } as N);
    },
  };
}

/** Waits until its signal is broadcast. */
export const signalCatchEventRule = namedSignalRule<SignalCatchNode>(
  'signalCatch',
  'bpmn:IntermediateCatchEvent',
  'Signal catch event',
  true,
);

/** Broadcasts its signal and passes the token on. */
export const signalThrowEventRule = namedSignalRule<SignalThrowNode>(
  'signalThrow',
  'bpmn:IntermediateThrowEvent',
  'Signal throw event',
  true,
);

/** Broadcasts its signal and ends its token. */
export const signalEndEventRule = namedSignalRule<SignalEndEventNode>(
  'signalEndEvent',
  'bpmn:EndEvent',
  'Signal end event',
  false,
);

/** Waits for its signal while the activity runs, interrupting it or not (`cancelActivity`). */
export const boundarySignalEventRule: ElementRule<BoundarySignalNode> = {
  kind: 'boundarySignal',
  type: 'bpmn:BoundaryEvent',
  nonInterrupting: true,
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
