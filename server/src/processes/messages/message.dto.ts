import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsObject, IsOptional, IsString, Length, ValidateBy } from 'class-validator';
import { timeToLiveMs } from '#server/common/config';
import { StorableVariables } from '../storable-variables';
import type { Variables } from '#workflows/engine/types';

/**
 * What the document promises `timeToLive` takes as text: milliseconds, weeks, or days and time
 * (no years or months, whose length varies), with few enough digits to stay a safe integer.
 */
const TIME_TO_LIVE_PATTERN =
  '^(\\d{1,12}|P\\d{1,6}W|P(?=\\d|T\\d)(\\d{1,6}D)?(T(?=\\d)(\\d{1,6}H)?(\\d{1,6}M)?(\\d{1,6}([.,]\\d{1,3})?S)?)?)$';

export class SendMessageDto {
  @ApiProperty({ description: 'The name of the bpmn:message', example: 'client-called-back' })
  @IsString()
  @Length(1, 200)
  name!: string;

  @ApiProperty({
    description: 'Matched against the correlation key the waiting element evaluated',
    example: '0b6f1c9e-4a57-4d8e-9a43-2f1f1d3c8b11',
  })
  @IsString()
  @Length(1, 500)
  correlationKey!: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: 'Merged into the instance variables when the message is received',
  })
  @IsOptional()
  @IsObject()
  @StorableVariables()
  variables?: Variables;

  @ApiPropertyOptional({
    oneOf: [
      { type: 'string', pattern: TIME_TO_LIVE_PATTERN, example: 'PT1H' },
      { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER },
    ],
    description:
      'How long the message waits for an instance when none waits for it yet: an ISO-8601 ' +
      'duration or milliseconds. Default FLOWCARD_MESSAGE_TTL (0: not kept, 404 instead)',
  })
  @IsOptional()
  @IsTimeToLive()
  timeToLive?: string | number | null;

  @ApiPropertyOptional({
    description:
      'Deduplicates publishing: while a message of this name, key and id lives (its time to ' +
      'live), another is refused with 409 MESSAGE_ALREADY_PUBLISHED',
    example: 'order-4711-paid',
  })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  messageId?: string;
}

/** An ISO-8601 duration or a whole number of milliseconds of at least 0. */
function IsTimeToLive(): PropertyDecorator {
  return ValidateBy({
    name: 'isTimeToLive',
    validator: {
      validate: (value) => {
        if (typeof value !== 'string' && typeof value !== 'number') return false;
        try {
          timeToLiveMs(value);
          return true;
        } catch {
          return false;
        }
      },
      defaultMessage: () =>
        '$property must be an ISO-8601 duration such as PT10M or P1D, or milliseconds (at least 0)',
    },
  });
}
