import type { TaskNode } from '../model';
import type { ElementBehaviour } from './element-behaviour';
import { passThrough } from './pass-through';

/** A plain task has nothing to do: it is on the path for people to read. */
export const taskBehaviour: ElementBehaviour<TaskNode> = passThrough();
