import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Length,
  Matches,
  Max,
  Min,
} from 'class-validator';
import { PHONE_PATTERN } from '../crm/clients/client.dto';
import { CALL_DIRECTIONS, CallDirection } from '../crm/activities/activity.entity';
import { IsTimestamp } from '../common/validation';

const PHONE_MESSAGE = 'must be a phone number (digits, spaces, ()./- and a leading +)';

/** A request from the web form: who asked and what for. */
export class LeadHookDto {
  @ApiProperty({ example: 'Lena Lind' })
  @IsString()
  @Length(1, 200)
  name!: string;

  @ApiPropertyOptional({ example: 'lena@example.com' })
  @IsOptional()
  @IsEmail()
  email?: string;

  @ApiPropertyOptional({ example: '+49 30 1234567' })
  @IsOptional()
  @Matches(PHONE_PATTERN, { message: `phone ${PHONE_MESSAGE}` })
  phone?: string;

  @ApiPropertyOptional({ example: 'Lind GmbH' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  company?: string;

  @ApiPropertyOptional({ example: 'Please call me about the annual plan.' })
  @IsOptional()
  @IsString()
  @Length(1, 5000)
  message?: string;

  @ApiPropertyOptional({ default: 'web form' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  source?: string;
}

export const CALL_EVENTS = ['ringing', 'answered', 'ended'] as const;
export type CallEvent = (typeof CALL_EVENTS)[number];

/** One event of a phone call, as the telephony system reports it. */
export class TelephonyHookDto {
  @ApiProperty({ description: "The telephony system's id of the call" })
  @IsString()
  @Length(1, 200)
  callId!: string;

  @ApiProperty({ enum: CALL_EVENTS })
  @IsIn(CALL_EVENTS)
  event!: CallEvent;

  @ApiProperty({ enum: CALL_DIRECTIONS })
  @IsIn(CALL_DIRECTIONS)
  direction!: CallDirection;

  @ApiProperty({ example: '+49 30 1234567', description: 'The calling number' })
  @IsString()
  @Length(1, 50)
  from!: string;

  @ApiProperty({ example: '+49 30 7654321', description: 'The called number' })
  @IsString()
  @Length(1, 50)
  to!: string;

  @ApiProperty({ example: '2026-01-15T09:30:00Z', description: 'When the event happened' })
  @IsTimestamp()
  at!: string;

  @ApiPropertyOptional({ minimum: 0, description: 'How long the call took (ended)' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(7 * 24 * 3600)
  durationSeconds?: number;

  @ApiPropertyOptional({ description: 'Where the recording can be fetched (ended)' })
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false })
  recordingUrl?: string;

  @ApiPropertyOptional({ description: 'Email of the Flowcard user who took or made the call' })
  @IsOptional()
  @IsEmail()
  agentEmail?: string;
}
