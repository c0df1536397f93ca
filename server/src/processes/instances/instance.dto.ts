import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsObject, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { PageQuery } from '../../common/pagination';
import { INSTANCE_STATUSES, InstanceRowStatus } from './process-instance.entity';
import type { Variables } from '../../../../workflows/engine/types';
import { StorableVariables } from '../storable-variables';

export class StartInstanceDto {
  @ApiPropertyOptional({
    description: 'A definition version id; or give definitionKey for the latest version',
  })
  @IsOptional()
  @IsUUID()
  definitionId?: string;

  @ApiPropertyOptional({ example: 'application-handling' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  definitionKey?: string;

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
  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
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
}
