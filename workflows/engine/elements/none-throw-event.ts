import type { NoneThrowNode } from '../model';
import type { ElementBehaviour } from './element-behaviour';
import { passThrough } from './pass-through';

/** A milestone: recorded on the path, for the live map and the history. */
export const noneThrowEventBehaviour: ElementBehaviour<NoneThrowNode> = passThrough();
