import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Max,
  Min,
} from 'class-validator';
import { PageQuery } from '#server/common/pagination';
import { IsTimestamp, OptionalNotNull, QueryBoolean, UserIdOrMe } from '#server/common/validation';
import {
  ACTIVITY_KINDS,
  ACTIVITY_PRIORITIES,
  ACTIVITY_STATUSES,
  ActivityKindName,
  ActivityPriority,
  ActivityStatus,
  CALL_DIRECTIONS,
  CallDirection,
} from './activity.entity';

const MAX_CALL_SECONDS = 24 * 3600;

/**
 * Optional fields the database may leave empty accept null (none), as on update; which fields fit
 * which kind is checked by `activityProblems`.
 */
export class CreateActivityDto {
  @ApiProperty({ enum: ACTIVITY_KINDS })
  @IsIn(ACTIVITY_KINDS)
  kind!: ActivityKindName;

  @ApiProperty({ description: 'The client it concerns; the caller must be able to read it' })
  @IsUUID()
  clientId!: string;

  @ApiProperty({ example: 'Discuss the renewal' })
  @IsString()
  @Length(1, 300)
  subject!: string;

  @ApiPropertyOptional({
    enum: ['open', 'done'],
    default: 'open',
    description: 'open = planned, done = already held; a note is always done',
  })
  @IsOptional()
  @IsIn(['open', 'done'])
  status?: 'open' | 'done';

  @ApiPropertyOptional({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'When a task is due, a call is planned or a meeting starts',
  })
  @IsOptional()
  @IsTimestamp()
  dueAt?: string | null;

  @ApiPropertyOptional({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'Meetings: when it ends, after dueAt',
  })
  @IsOptional()
  @IsTimestamp()
  endsAt?: string | null;

  @ApiPropertyOptional({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'Tasks: when to remind the assignee, not after dueAt',
  })
  @IsOptional()
  @IsTimestamp()
  reminderAt?: string | null;

  @ApiPropertyOptional({ enum: CALL_DIRECTIONS, nullable: true, description: 'Calls only' })
  @IsOptional()
  @IsIn(CALL_DIRECTIONS)
  direction?: CallDirection | null;

  @ApiPropertyOptional({ type: Number, minimum: 0, nullable: true, description: 'Calls only' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_CALL_SECONDS)
  durationSeconds?: number | null;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'Calls only: how it went' })
  @IsOptional()
  @IsString()
  @Length(1, 2000)
  result?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'Meetings only' })
  @IsOptional()
  @IsString()
  @Length(1, 300)
  place?: string | null;

  @ApiPropertyOptional({ type: [String], description: 'Meetings only: names or e-mails' })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @Length(1, 200, { each: true })
  participants?: string[];

  @ApiPropertyOptional({ enum: ACTIVITY_PRIORITIES, nullable: true, description: 'Tasks only' })
  @IsOptional()
  @IsIn(ACTIVITY_PRIORITIES)
  priority?: ActivityPriority | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: "A note's text (required for notes) or a description",
  })
  @IsOptional()
  @IsString()
  @Length(1, 20000)
  body?: string | null;

  @ApiPropertyOptional({ description: 'The caller when absent on create' })
  @OptionalNotNull()
  @IsUUID()
  assigneeId?: string;
}

/** null clears a field; the kind, client and status do not change here (see complete/cancel). */
export class UpdateActivityDto extends PartialType(
  OmitType(CreateActivityDto, ['kind', 'clientId', 'status']),
  { skipNullProperties: false },
) {}

export class CompleteActivityDto {
  @ApiPropertyOptional({ description: 'Calls only: how it went' })
  @IsOptional()
  @IsString()
  @Length(1, 2000)
  result?: string;

  @ApiPropertyOptional({ minimum: 0, description: 'Calls only' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_CALL_SECONDS)
  durationSeconds?: number;
}

/** Takes no fields; declared so that unknown fields are refused like everywhere else. */
export class CancelActivityDto {}

export const ACTIVITY_SORTS = ['createdAt', 'dueAt'] as const;
export type ActivitySort = (typeof ACTIVITY_SORTS)[number];

export class ListActivitiesQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ACTIVITY_KINDS })
  @IsOptional()
  @IsIn(ACTIVITY_KINDS)
  kind?: ActivityKindName;

  @ApiPropertyOptional({ enum: ACTIVITY_STATUSES })
  @IsOptional()
  @IsIn(ACTIVITY_STATUSES)
  status?: ActivityStatus;

  @ApiPropertyOptional({ description: "An assignee's user id, or 'me'" })
  @IsOptional()
  @UserIdOrMe()
  assignee?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  clientId?: string;

  @ApiPropertyOptional({ description: 'dueAt at or after' })
  @IsOptional()
  @IsTimestamp()
  dueFrom?: string;

  @ApiPropertyOptional({ description: 'dueAt before' })
  @IsOptional()
  @IsTimestamp()
  dueTo?: string;

  @ApiPropertyOptional({ description: 'true: open and past due; false: everything else' })
  @IsOptional()
  @QueryBoolean()
  overdue?: boolean;

  @ApiPropertyOptional({ enum: ACTIVITY_SORTS, default: 'createdAt' })
  @IsOptional()
  @IsIn(ACTIVITY_SORTS)
  sort?: ActivitySort;
}

export const CALENDAR_MAX_DAYS = 92;

export class CalendarQuery {
  @ApiProperty({ example: '2026-03-01', description: 'Start of the window (included)' })
  @IsTimestamp()
  from!: string;

  @ApiProperty({ example: '2026-04-01', description: 'End of the window (excluded)' })
  @IsTimestamp()
  to!: string;

  @ApiPropertyOptional({ description: "A user id, or 'me' (the default)" })
  @IsOptional()
  @UserIdOrMe()
  user?: string;
}
