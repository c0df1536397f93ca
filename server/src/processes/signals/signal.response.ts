import { ApiProperty } from '@nestjs/swagger';

/** The instances the signal reached, once each one's next steps are committed, and those it started. */
export class SignalBroadcastResponse {
  @ApiProperty({ description: 'How many instances received the signal' })
  count!: number;

  @ApiProperty({ type: [String], format: 'uuid', description: 'Oldest wait first' })
  instanceIds!: string[];

  @ApiProperty({
    type: [String],
    format: 'uuid',
    description:
      'The instances the signal started: one of the latest version of each process whose signal start event waits for it',
  })
  startedInstanceIds!: string[];
}
