import { ApiProperty } from '@nestjs/swagger';

/**
 * The instances the signal reached, once each one's next steps are committed, those it is held
 * for, and those it started.
 */
export class SignalBroadcastResponse {
  @ApiProperty({ description: 'How many instances received the signal' })
  count!: number;

  @ApiProperty({ type: [String], format: 'uuid', description: 'Oldest wait first' })
  instanceIds!: string[];

  @ApiProperty({
    type: [String],
    format: 'uuid',
    description:
      'The instances waiting for the signal while in incident: it is held for them and delivered once the incident is retried (dropped if the instance ends instead)',
  })
  heldInstanceIds!: string[];

  @ApiProperty({
    type: [String],
    format: 'uuid',
    description:
      'The instances the signal started: one of the latest version of each process whose signal start event waits for it',
  })
  startedInstanceIds!: string[];
}
