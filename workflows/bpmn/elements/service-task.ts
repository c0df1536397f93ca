import type { ServiceTaskNode } from '../../engine/model';
import type { ElementRule } from './element-rule';
import { compileAction } from './service-task-actions';

/** An automatic step: the CRM action of its `flowcard:action`. */
export const serviceTaskRule: ElementRule<ServiceTaskNode> = {
  kind: 'serviceTask',
  type: 'bpmn:ServiceTask',
  eventDefinition: null,
  displayName: 'Service task',
  extension: 'flowcard:Action',
  incoming: true,
  outgoing: true,
  choosesFlow: false,

  compile({ base, id, extension }, issues) {
    const action = compileAction(extension, id, issues);
    return action ? { ...base, kind: 'serviceTask', action } : null;
  },
};
