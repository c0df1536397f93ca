import { ApiProperty } from '@nestjs/swagger';

/** The instances the signal reached, once each one's next steps are committed. */
export class SignalBroadcastResponse {
  @ApiProperty({ description: 'How many instances received the signal' })
  count!: number;

  @ApiProperty({ type: [String], format: 'uuid', description: 'Oldest wait first' })
  instanceIds!: string[];
}
