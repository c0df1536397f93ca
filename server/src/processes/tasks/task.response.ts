import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { TASK_OUTPUT_TYPES, type TaskOutput } from '#workflows/engine/model';
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

  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The team whose members and supervisors may claim the task',
  })
  candidateTeamId!: string | null;

  @ApiProperty({ enum: USER_TASK_STATUSES })
  status!: UserTaskStatus;

  @ApiProperty({ type: Date, nullable: true })
  dueAt!: Date | null;

  @ApiProperty({ type: Date, nullable: true, description: 'When to look at the task again' })
  followUpAt!: Date | null;

  @ApiProperty()
  createdAt!: Date;

  @ApiProperty({ type: Date, nullable: true })
  completedAt!: Date | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  completedById!: string | null;

  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true })
  completionVariables!: Record<string, unknown> | null;
}

/** A value the task's completion may set. */
export class TaskOutputResponse implements TaskOutput {
  @ApiProperty({ description: 'The variable it sets' })
  name!: string;

  @ApiProperty({
    enum: TASK_OUTPUT_TYPES,
    description:
      'date: YYYY-MM-DD; time: HH:mm; dateTime: ISO-8601 with its offset, as form-js writes them',
  })
  type!: TaskOutput['type'];

  @ApiProperty({ description: 'The completion must give it, neither null nor empty text' })
  required!: boolean;

  @ApiPropertyOptional({
    type: 'array',
    items: { oneOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }] },
    description: 'The value must be one of these',
  })
  values?: (string | number | boolean)[];

  @ApiPropertyOptional()
  min?: number;

  @ApiPropertyOptional()
  max?: number;

  @ApiPropertyOptional()
  minLength?: number;

  @ApiPropertyOptional()
  maxLength?: number;
}

export class TaskResponse extends UserTaskRecord implements TaskView {
  @ApiProperty({ description: 'Open and due before now' })
  overdue!: boolean;

  @ApiProperty({ type: String, nullable: true, description: 'The name of the candidate team' })
  candidateTeam!: string | null;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description:
      "The form-js schema of the task's form, for @bpmn-io/form-js to render; null without a form",
  })
  form!: Record<string, unknown> | null;

  @ApiProperty({
    type: [TaskOutputResponse],
    nullable: true,
    description:
      'What a completion may set; null when the task declares nothing and a completion may set any variable',
  })
  outputs!: TaskOutputResponse[] | null;
}

export class TaskPage extends PageOf(TaskResponse) {}
