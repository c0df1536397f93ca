import type { EventType } from '#server/events/catalogue';
import { ApiProperty } from '@nestjs/swagger';
import { IncidentResponse } from '../incidents/incident.response';
import { PageOf } from '#server/common/api-responses';
import { UserTaskRecord } from '../tasks/task.response';
import { InstanceEvent } from './instance-event.entity';
import { INSTANCE_STATUSES, ProcessInstance } from './process-instance.entity';

export class InstanceErrorResponse {
  @ApiProperty({ type: String, nullable: true })
  elementId!: string | null;

  @ApiProperty()
  message!: string;
}

export class DefinitionRefResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  key!: string;

  @ApiProperty({ type: String, nullable: true })
  name!: string | null;

  @ApiProperty()
  version!: number;
}

/** A process instance with the version of the definition it runs. */
export class InstanceResponse implements Omit<ProcessInstance, 'definition' | 'parentWaitKey'> {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  workflowId!: string;

  @ApiProperty({ format: 'uuid' })
  definitionId!: string;

  @ApiProperty({ type: DefinitionRefResponse, nullable: true })
  definition!: DefinitionRefResponse | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  clientId!: string | null;

  @ApiProperty({ enum: INSTANCE_STATUSES })
  status!: ProcessInstance['status'];

  @ApiProperty({ type: 'object', additionalProperties: true })
  variables!: Record<string, unknown>;

  @ApiProperty({ type: InstanceErrorResponse, nullable: true, description: 'Why it failed' })
  error!: InstanceErrorResponse | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  startedById!: string | null;

  @ApiProperty()
  startedAt!: Date;

  @ApiProperty({ type: Date, nullable: true })
  endedAt!: Date | null;

  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The instance whose call activity started this one',
  })
  parentInstanceId!: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'That call activity' })
  parentElementId!: string | null;
}

/** An instance a call activity of this one started. */
export class CalledInstanceResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ description: 'The call activity that started it' })
  elementId!: string;

  @ApiProperty({ description: 'The key of the process it runs' })
  definitionKey!: string;

  @ApiProperty()
  version!: number;

  @ApiProperty({ enum: INSTANCE_STATUSES })
  status!: ProcessInstance['status'];
}

export class InstancePage extends PageOf(InstanceResponse) {}

/** One entry of an instance's history; the same rows are pushed live over socket.io. */
export class InstanceEventResponse implements InstanceEvent {
  @ApiProperty({ description: 'Increasing integer, serialised as a string' })
  id!: string;

  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'Null for a CRM change a person or an integration made',
  })
  instanceId!: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  clientId!: string | null;

  @ApiProperty({ type: String, example: 'element.completed' })
  type!: EventType;

  @ApiProperty({ type: String, nullable: true })
  elementId!: string | null;

  @ApiProperty({ type: 'object', additionalProperties: true })
  payload!: Record<string, unknown>;

  @ApiProperty({ type: String, nullable: true })
  idempotencyKey!: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  actorUserId!: string | null;

  @ApiProperty({ type: String, nullable: true })
  actorIntegration!: string | null;

  @ApiProperty()
  createdAt!: Date;
}

export class InstanceClientResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty()
  status!: string;
}

/** The instance card: status, variables, open tasks and every event so far. */
export class InstanceCardResponse extends InstanceResponse {
  @ApiProperty({ type: InstanceClientResponse, nullable: true })
  client!: InstanceClientResponse | null;

  @ApiProperty({ type: UserTaskRecord, isArray: true })
  openTasks!: UserTaskRecord[];

  @ApiProperty({
    type: IncidentResponse,
    isArray: true,
    description: 'Open and resolved, oldest first; while one is open the status is `incident`',
  })
  incidents!: IncidentResponse[];

  @ApiProperty({ type: InstanceEventResponse, isArray: true, description: 'Oldest first' })
  events!: InstanceEventResponse[];

  @ApiProperty({
    type: CalledInstanceResponse,
    isArray: true,
    description: 'The instances its call activities started, oldest first',
  })
  calledInstances!: CalledInstanceResponse[];
}
