import { ApiProperty } from '@nestjs/swagger';
import { INSTANCE_STATUSES } from '../instances/process-instance.entity';
import type { InstanceStatus } from '#workflows/engine/types';

export const MESSAGE_OUTCOMES = ['delivered', 'started', 'buffered'] as const;
export type MessageOutcome = (typeof MESSAGE_OUTCOMES)[number];

/**
 * Which waiting instance the message reached, once its next steps are committed, or which
 * instance it started at a message start event, or that it was buffered for an instance that
 * waits for it later.
 */
export class MessageDeliveryResponse {
  @ApiProperty({
    enum: MESSAGE_OUTCOMES,
    description:
      '`delivered` to a waiting instance, `started` an instance, or `buffered` until an ' +
      'instance waits for it (`expiresAt`)',
  })
  outcome!: MessageOutcome;

  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'Null when buffered' })
  instanceId!: string | null;

  @ApiProperty({
    nullable: true,
    type: String,
    description:
      'The message catch event or receive task that received it, or the message start event; null when buffered',
  })
  elementId!: string | null;

  @ApiProperty({ description: 'True when no instance waited and the message started a new one' })
  started!: boolean;

  @ApiProperty({
    enum: INSTANCE_STATUSES,
    nullable: true,
    description: 'The instance status after the delivery; null when buffered',
  })
  status!: InstanceStatus | null;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'When a buffered message is dropped unless an instance waits for it before',
  })
  expiresAt!: Date | null;
}
