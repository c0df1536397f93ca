import { ApiProperty } from '@nestjs/swagger';
import { INSTANCE_STATUSES } from '../instances/process-instance.entity';
import type { InstanceStatus } from '#workflows/engine/types';

/**
 * Which waiting instance the message reached, once its next steps are committed, or which
 * instance it started at a message start event.
 */
export class MessageDeliveryResponse {
  @ApiProperty({ format: 'uuid' })
  instanceId!: string;

  @ApiProperty({
    description:
      'The message catch event or receive task that received it, or the message start event',
  })
  elementId!: string;

  @ApiProperty({ description: 'True when no instance waited and the message started a new one' })
  started!: boolean;

  @ApiProperty({ enum: INSTANCE_STATUSES, description: 'The instance status after the delivery' })
  status!: InstanceStatus;
}
