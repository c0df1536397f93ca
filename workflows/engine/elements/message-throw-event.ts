import type { MessageThrowNode } from '../model';
import { messagePublisher } from './send-task';

/** Publishes its message like the send task (see `MessageThrowNode`). */
export const messageThrowEventBehaviour = messagePublisher<MessageThrowNode>();
