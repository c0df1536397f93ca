import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsObject, IsOptional, IsString, IsUUID, Length, Min } from 'class-validator';
import { PageQuery } from '#server/common/pagination';
import { INSTANCE_STATUSES, InstanceRowStatus } from './process-instance.entity';
import type { Variables } from '#workflows/engine/types';
import { StorableVariables } from '../storable-variables';

export class StartInstanceDto {
  @ApiPropertyOptional({
    description:
      'A definition version id; or give definitionKey for its latest version (or the one `version` names)',
  })
  @IsOptional()
  @IsUUID()
  definitionId?: string;

  @ApiPropertyOptional({ example: 'application-handling' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  definitionKey?: string;

  @ApiPropertyOptional({
    description: 'With definitionKey: this version instead of the latest',
    minimum: 1,
    example: 2,
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;

  @ApiPropertyOptional({ description: 'The client whose card the process works on' })
  @IsOptional()
  @IsUUID()
  clientId?: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  @IsOptional()
  @IsObject()
  @StorableVariables()
  variables?: Variables;
}

export class CancelInstanceDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 1000)
  reason?: string;
}

export class ChangeVariablesDto {
  @ApiProperty({ type: 'object', additionalProperties: true })
  @IsObject()
  @StorableVariables()
  variables!: Variables;
}

export class ListInstancesQuery extends PageQuery {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  definitionKey?: string;

  @ApiPropertyOptional({ enum: INSTANCE_STATUSES })
  @IsOptional()
  @IsIn(INSTANCE_STATUSES)
  status?: InstanceRowStatus;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  clientId?: string;

  @ApiPropertyOptional({
    enum: ['true'],
    description:
      '`true`: only instances that had an incident, open or resolved (`status=incident`: those with one open now)',
  })
  @IsOptional()
  @IsIn(['true'])
  withIncident?: 'true';
}
