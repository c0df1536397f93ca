import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsObject, IsOptional, IsString } from 'class-validator';
import type { Variables } from '../../../../workflows/engine/types';
import { USER_TASK_STATUSES, UserTaskStatus } from './user-task.entity';

export class ListTasksQuery {
  @ApiPropertyOptional({ description: "A user id, or 'me'" })
  @IsOptional()
  @IsString()
  assignee?: string;

  @ApiPropertyOptional({ description: 'Candidate role, e.g. manager' })
  @IsOptional()
  @IsString()
  role?: string;

  @ApiPropertyOptional({ enum: USER_TASK_STATUSES, default: 'open' })
  @IsOptional()
  @IsIn(USER_TASK_STATUSES)
  status?: UserTaskStatus;

  @ApiPropertyOptional({ description: 'Only the tasks of one process instance' })
  @IsOptional()
  @IsString()
  instanceId?: string;
}

export class CompleteTaskDto {
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, example: { qualified: true } })
  @IsOptional()
  @IsObject()
  variables?: Variables;
}
