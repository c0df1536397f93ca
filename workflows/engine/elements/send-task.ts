import type { SendTaskNode } from '../model';
import type { ElementBehaviour } from './element-behaviour';
import { passThrough } from './pass-through';

/** Sends nothing yet: recorded on the path (see `SendTaskNode`). */
export const sendTaskBehaviour: ElementBehaviour<SendTaskNode> = passThrough();
