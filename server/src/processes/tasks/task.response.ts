import { ApiProperty } from '@nestjs/swagger';
import { PageOf } from '#server/common/api-responses';
import { TaskView } from './tasks.service';
import { USER_TASK_STATUSES, UserTask, UserTaskStatus } from './user-task.entity';

/** A user task of a process instance as stored. */
export class UserTaskRecord implements UserTask {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  instanceId!: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  clientId!: string | null;

  @ApiProperty({ description: 'The id of the user task in the diagram' })
  elementId!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty({ description: "The engine's wait this task resolves" })
  waitKey!: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  assigneeId!: string | null;

  @ApiProperty({ type: String, nullable: true })
  candidateRole!: string | null;

  @ApiProperty({ enum: USER_TASK_STATUSES })
  status!: UserTaskStatus;

  @ApiProperty({ type: Date, nullable: true })
  dueAt!: Date | null;

  @ApiProperty()
  createdAt!: Date;

  @ApiProperty({ type: Date, nullable: true })
  completedAt!: Date | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  completedById!: string | null;

  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true })
  completionVariables!: Record<string, unknown> | null;
}

export class TaskResponse extends UserTaskRecord implements TaskView {
  @ApiProperty({ description: 'Open and due before now' })
  overdue!: boolean;
}

export class TaskPage extends PageOf(TaskResponse) {}
