import type { SubProcessNode } from '../../engine/model';
import type { ElementRule } from './element-rule';

/** An embedded subprocess with one none start event inside (event subprocesses: ./event-sub-process.ts). */
export const subProcessRule: ElementRule<SubProcessNode> = {
  kind: 'subProcess',
  type: 'bpmn:SubProcess',
  eventDefinition: null,
  displayName: 'Subprocess',
  extension: null,
  incoming: true,
  outgoing: true,
  choosesFlow: false,

  compile({ base, compileInner }) {
    const inner = compileInner();
    return inner === null ? null : { ...base, kind: 'subProcess', ...inner };
  },
};
