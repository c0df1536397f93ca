import type { LinkCatchNode } from '../model';
import type { ElementBehaviour } from './element-behaviour';
import { passThrough } from './pass-through';

/** Where a link throw event's token continues. */
export const linkCatchEventBehaviour: ElementBehaviour<LinkCatchNode> = passThrough();
