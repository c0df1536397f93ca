import type { MessageThrowNode } from '../model';
import type { ElementBehaviour } from './element-behaviour';
import { passThrough } from './pass-through';

/** Throws nothing yet: recorded on the path (see `MessageThrowNode`). */
export const messageThrowEventBehaviour: ElementBehaviour<MessageThrowNode> = passThrough();
