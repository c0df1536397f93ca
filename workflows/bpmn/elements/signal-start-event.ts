import type { SignalStartNode } from '../../engine/model';
import type { ElementRule } from './element-rule';
import { SIGNAL } from './event-definitions';
import { signalName } from './signal-events';

/**
 * The start event of a process started by a signal: each broadcast of its signal
 * (`POST /api/signals` or a signal thrown by an instance) starts the latest version. Only on
 * the process: a subprocess starts with none.
 */
export const signalStartEventRule: ElementRule<SignalStartNode> = {
  kind: 'signalStart',
  type: 'bpmn:StartEvent',
  eventDefinition: SIGNAL,
  displayName: 'Signal start event',
  extension: null,
  incoming: false,
  outgoing: true,
  choosesFlow: false,

  compile({ base, id, element }, issues) {
    const name = signalName(element, id, issues);
    return name === null ? null : { ...base, kind: 'signalStart', signalName: name };
  },
};
