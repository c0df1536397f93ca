import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  IsArray,
  IsObject,
  IsOptional,
  IsUUID,
} from 'class-validator';

export class MigrateInstancesDto {
  @ApiProperty({ format: 'uuid', description: 'The version the instances run now' })
  @IsUUID()
  fromDefinitionId!: string;

  @ApiProperty({ format: 'uuid', description: 'The version of the same process they move to' })
  @IsUUID()
  toDefinitionId!: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    description: 'From element id → element id in the target; unnamed elements keep their id',
    example: { Task_Qualify: 'Task_QualifyLead' },
  })
  @IsObject()
  mapping!: Record<string, string>;

  @ApiPropertyOptional({
    type: [String],
    description:
      'Only these instances; every running instance of the version you may see when absent',
  })
  @IsOptional()
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(1000)
  @IsUUID('all', { each: true })
  instanceIds?: string[];
}

export class MigrationResponse {
  @ApiProperty({ type: [String], description: 'The instances now running on the target version' })
  migrated!: string[];
}
