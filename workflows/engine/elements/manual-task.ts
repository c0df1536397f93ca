import type { ManualTaskNode } from '../model';
import type { ElementBehaviour } from './element-behaviour';
import { passThrough } from './pass-through';

/** The work happens outside Flowcard; the process records it on the path and goes on. */
export const manualTaskBehaviour: ElementBehaviour<ManualTaskNode> = passThrough();
