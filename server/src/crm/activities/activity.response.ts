import { ApiProperty } from '@nestjs/swagger';
import { PageOf } from '#server/common/api-responses';
import { ActivityView, CalendarEntry } from './activities.service';
import {
  Activity,
  ACTIVITY_KINDS,
  ACTIVITY_PRIORITIES,
  ACTIVITY_STATUSES,
  ActivityKindName,
  ActivityPriority,
  ActivityStatus,
  CALL_DIRECTIONS,
  CallDirection,
} from './activity.entity';

/** A call, task, meeting or note as stored. */
export class ActivityRecord implements Activity {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  clientId!: string;

  @ApiProperty({ enum: ACTIVITY_KINDS })
  kind!: ActivityKindName;

  @ApiProperty()
  subject!: string;

  @ApiProperty({
    type: Date,
    nullable: true,
    description: 'When a task is due, a call is planned or a meeting starts',
  })
  dueAt!: Date | null;

  @ApiProperty({ type: Date, nullable: true })
  endsAt!: Date | null;

  @ApiProperty({ enum: CALL_DIRECTIONS, nullable: true })
  direction!: CallDirection | null;

  @ApiProperty({ type: Number, nullable: true })
  durationSeconds!: number | null;

  @ApiProperty({ type: String, nullable: true })
  result!: string | null;

  @ApiProperty({ type: String, nullable: true })
  recordingUrl!: string | null;

  @ApiProperty({ type: String, nullable: true })
  place!: string | null;

  @ApiProperty({ type: String, isArray: true })
  participants!: string[];

  @ApiProperty({ type: Date, nullable: true })
  reminderAt!: Date | null;

  @ApiProperty({ enum: ACTIVITY_PRIORITIES, nullable: true })
  priority!: ActivityPriority | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The text of a note, or a description',
  })
  body!: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'The id an outside system gave it' })
  externalId!: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  assigneeId!: string | null;

  @ApiProperty({ enum: ACTIVITY_STATUSES })
  status!: ActivityStatus;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  createdById!: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  processInstanceId!: string | null;

  @ApiProperty({ type: String, nullable: true })
  elementId!: string | null;

  @ApiProperty({ type: String, nullable: true })
  idempotencyKey!: string | null;

  @ApiProperty()
  createdAt!: Date;

  @ApiProperty()
  updatedAt!: Date;

  @ApiProperty({ type: Date, nullable: true })
  completedAt!: Date | null;
}

export class ActivityResponse extends ActivityRecord implements ActivityView {
  @ApiProperty({ description: 'Open and due before now' })
  overdue!: boolean;
}

export class ActivityPage extends PageOf(ActivityResponse) {}

/** A planned call, meeting or task, with the name of its client to show beside it. */
export class CalendarEntryResponse extends ActivityResponse implements CalendarEntry {
  @ApiProperty({ example: 'Northwind Traders' })
  clientName!: string;
}

export class CalendarResponse {
  @ApiProperty({ format: 'uuid' })
  userId!: string;

  @ApiProperty()
  from!: Date;

  @ApiProperty()
  to!: Date;

  @ApiProperty({ type: CalendarEntryResponse, isArray: true })
  items!: CalendarEntryResponse[];
}
