import type { UserTaskNode } from '../../engine/model';
import { checkedValue } from '../values';
import type { ElementRule } from './element-rule';

/** A task for a person, described by `flowcard:taskDefinition` (all of it optional). */
export const userTaskRule: ElementRule<UserTaskNode> = {
  kind: 'userTask',
  type: 'bpmn:UserTask',
  eventDefinition: null,
  displayName: 'User task',
  extension: 'flowcard:TaskDefinition',
  incoming: true,
  outgoing: true,
  choosesFlow: false,
  compile: ({ base, id, extension: definition }, issues) => ({
    ...base,
    kind: 'userTask',
    assignee: checkedValue(definition?.assignee, 'text', id, 'assignee', issues),
    candidateRole: checkedValue(definition?.candidateRole, 'text', id, 'candidateRole', issues),
    dueIn: checkedValue(definition?.dueIn, 'duration', id, 'dueIn', issues),
  }),
};
