import type { TaskNode } from '../../engine/model';
import type { ElementRule } from './element-rule';

/** The plain task bpmn-js's palette draws: it passes the token on. */
export const taskRule: ElementRule<TaskNode> = {
  kind: 'task',
  type: 'bpmn:Task',
  eventDefinition: null,
  displayName: 'Task',
  extension: null,
  incoming: true,
  outgoing: true,
  choosesFlow: false,
  compile: ({ base }) => ({ ...base, kind: 'task' }),
};
