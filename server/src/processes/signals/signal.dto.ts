import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsObject, IsOptional, IsString, Length } from 'class-validator';
import { StorableVariables } from '../storable-variables';
import type { Variables } from '#workflows/engine/types';

export class BroadcastSignalDto {
  @ApiProperty({ description: 'The name of the bpmn:signal', example: 'price-list-changed' })
  @IsString()
  @Length(1, 200)
  name!: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: 'Merged into the variables of every instance the signal reaches',
  })
  @IsOptional()
  @IsObject()
  @StorableVariables()
  variables?: Variables;
}
