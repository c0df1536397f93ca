import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsObject, IsOptional, IsString, IsUUID, ValidateIf } from 'class-validator';
import type { Variables } from '#workflows/engine/types';
import { PageQuery } from '#server/common/pagination';
import { IsTimestamp, QueryBoolean, UserIdOrMe } from '#server/common/validation';
import { USER_TASK_STATUSES, UserTaskStatus } from './user-task.entity';
import { StorableVariables } from '../storable-variables';

export class ListTasksQuery extends PageQuery {
  @ApiPropertyOptional({ description: "A user id, or 'me'" })
  @IsOptional()
  @UserIdOrMe()
  assignee?: string;

  @ApiPropertyOptional({ description: 'Only group tasks nobody has taken yet' })
  @IsOptional()
  @QueryBoolean()
  unassigned?: boolean;

  @ApiPropertyOptional({ description: 'Candidate role, e.g. manager' })
  @IsOptional()
  @IsString()
  role?: string;

  @ApiPropertyOptional({
    description:
      'Only group tasks the caller may claim: unassigned, of no candidate team or one they work in or oversee, of no candidate role or one they hold (supervisors: any role; admins: all)',
  })
  @IsOptional()
  @QueryBoolean()
  claimable?: boolean;

  @ApiPropertyOptional({ format: 'uuid', description: 'Candidate team (its id)' })
  @IsOptional()
  @IsUUID()
  teamId?: string;

  @ApiPropertyOptional({ enum: USER_TASK_STATUSES, default: 'open' })
  @IsOptional()
  @IsIn(USER_TASK_STATUSES)
  status?: UserTaskStatus;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  instanceId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  clientId?: string;

  @ApiPropertyOptional({ description: 'Only tasks past their due time' })
  @IsOptional()
  @QueryBoolean()
  overdue?: boolean;

  @ApiPropertyOptional({
    example: '2026-03-31T09:00:00Z',
    description: 'Only tasks with a follow-up date at or before this time',
  })
  @IsOptional()
  @IsTimestamp()
  followUpBefore?: string;
}

export class CompleteTaskDto {
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, example: { qualified: true } })
  @IsOptional()
  @IsObject()
  @StorableVariables()
  variables?: Variables;
}

export class AssignTaskDto {
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The new assignee; null gives the task back to its group',
  })
  @ValidateIf((_, value) => value !== null)
  @IsUUID()
  assigneeId!: string | null;
}
