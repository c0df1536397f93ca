import type { TerminateEndEventNode } from '../../engine/model';
import type { ElementRule } from './element-rule';
import { TERMINATE } from './event-definitions';

export const terminateEndEventRule: ElementRule<TerminateEndEventNode> = {
  kind: 'terminateEndEvent',
  type: 'bpmn:EndEvent',
  eventDefinition: TERMINATE,
  displayName: 'Terminate end event',
  extension: null,
  incoming: true,
  outgoing: false,
  choosesFlow: false,
  compile({ base, id, element }, issues) {
    // BPMN ends only the subprocess there; the engine's terminate ends the whole instance.
    if (element.$parent?.$type === 'bpmn:SubProcess') {
      issues.error(id, 'a terminate end event inside a subprocess is not supported');
      return null;
    }
    return { ...base, kind: 'terminateEndEvent' };
  },
};
