import { ApiProperty } from '@nestjs/swagger';
import { ProcessActorResponse, UserActorResponse } from '#server/audit/audit.response';
import { ApiPropertyOneOf } from '#server/common/api-responses';
import {
  InstanceEventResponse,
  InstanceResponse,
} from '#server/processes/instances/instance.response';
import { UserTaskRecord } from '#server/processes/tasks/task.response';
import { ActivityRecord } from '../activities/activity.response';
import { CardDealResponse } from '../deals/deal.response';
import { DealStageChangeView } from './client-card.service';
import { ClientStatusChange } from './client-status-change.entity';
import { ClientRecord, ClientResponse } from './client.response';

export class ClientStatusChangeResponse implements ClientStatusChange {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  clientId!: string;

  @ApiProperty({ type: String, nullable: true })
  fromStatus!: string | null;

  @ApiProperty()
  toStatus!: string;

  @ApiProperty()
  changedAt!: Date;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  changedById!: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'Why a person made the change' })
  comment!: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  processInstanceId!: string | null;

  @ApiProperty({ type: String, nullable: true })
  elementId!: string | null;

  @ApiProperty({ type: String, nullable: true })
  idempotencyKey!: string | null;
}

export class DealStageChangeViewResponse implements DealStageChangeView {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  dealId!: string;

  @ApiProperty()
  dealTitle!: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  fromStageId!: string | null;

  @ApiProperty({ type: String, nullable: true })
  fromStageName!: string | null;

  @ApiProperty({ format: 'uuid' })
  toStageId!: string;

  @ApiProperty()
  toStageName!: string;

  @ApiProperty()
  changedAt!: Date;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  changedById!: string | null;
}

/** What every timeline entry has; `type` says which record it carries. */
class TimelineEntryBase {
  @ApiProperty({ description: 'Unique across the timeline', example: 'activity:0b6f…' })
  id!: string;

  @ApiProperty()
  at!: Date;

  @ApiPropertyOneOf([UserActorResponse, ProcessActorResponse], {
    nullable: true,
    description: 'Null when neither a person nor a process did it (an integration)',
  })
  actor!: UserActorResponse | ProcessActorResponse | null;
}

export class ActivityTimelineEntry extends TimelineEntryBase {
  @ApiProperty({ enum: ['activity'] })
  type!: 'activity';

  @ApiProperty()
  activity!: ActivityRecord;
}

export class StatusChangeTimelineEntry extends TimelineEntryBase {
  @ApiProperty({ enum: ['statusChange'] })
  type!: 'statusChange';

  @ApiProperty()
  change!: ClientStatusChangeResponse;
}

export class DealStageChangeTimelineEntry extends TimelineEntryBase {
  @ApiProperty({ enum: ['dealStageChange'] })
  type!: 'dealStageChange';

  @ApiProperty()
  change!: DealStageChangeViewResponse;
}

export class ProcessStepTimelineEntry extends TimelineEntryBase {
  @ApiProperty({ enum: ['processStep'] })
  type!: 'processStep';

  @ApiProperty({ description: 'The element.completed event of the step' })
  step!: InstanceEventResponse;
}

const TIMELINE_ENTRIES = [
  ActivityTimelineEntry,
  StatusChangeTimelineEntry,
  DealStageChangeTimelineEntry,
  ProcessStepTimelineEntry,
];

export type TimelineEntryResponse =
  | ActivityTimelineEntry
  | StatusChangeTimelineEntry
  | DealStageChangeTimelineEntry
  | ProcessStepTimelineEntry;

/** Newest first. */
export class TimelinePage {
  @ApiPropertyOneOf(TIMELINE_ENTRIES, { isArray: true })
  items!: TimelineEntryResponse[];

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Pass as `cursor` for the next page; null on the last page',
  })
  nextCursor!: string | null;
}

export class ActivityOpenTask {
  @ApiProperty({ enum: ['activity'] })
  type!: 'activity';

  @ApiProperty({ type: Date, nullable: true })
  dueAt!: Date | null;

  @ApiProperty()
  activity!: ActivityRecord;
}

export class ProcessOpenTask {
  @ApiProperty({ enum: ['processTask'] })
  type!: 'processTask';

  @ApiProperty({ type: Date, nullable: true })
  dueAt!: Date | null;

  @ApiProperty()
  task!: UserTaskRecord;
}

/** The client card: the client, its contacts, deals, open work and the first timeline page. */
export class ClientCardResponse {
  @ApiProperty()
  client!: ClientResponse;

  @ApiProperty({ type: ClientRecord, isArray: true, description: 'Those the caller may read' })
  contacts!: ClientRecord[];

  @ApiProperty({ type: CardDealResponse, isArray: true, description: 'Newest first' })
  deals!: CardDealResponse[];

  @ApiPropertyOneOf([ActivityOpenTask, ProcessOpenTask], {
    isArray: true,
    description: 'Task activities and process user tasks, soonest due first',
  })
  openTasks!: (ActivityOpenTask | ProcessOpenTask)[];

  @ApiProperty({ type: InstanceResponse, isArray: true, description: 'Newest first' })
  processInstances!: InstanceResponse[];

  @ApiPropertyOneOf(TIMELINE_ENTRIES, { isArray: true, description: 'Newest first' })
  timeline!: TimelineEntryResponse[];

  @ApiProperty({ type: String, nullable: true, description: 'The cursor of the next page' })
  timelineNextCursor!: string | null;
}
