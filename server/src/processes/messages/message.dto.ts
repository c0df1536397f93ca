import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsObject, IsOptional, IsString, Length } from 'class-validator';
import { StorableVariables } from '../storable-variables';
import type { Variables } from '#workflows/engine/types';

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
}
