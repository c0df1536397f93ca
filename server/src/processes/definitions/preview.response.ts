import { ApiProperty } from '@nestjs/swagger';
import type { SimulationResult } from '#workflows/simulation/simulate';
import { INSTANCE_STATUSES } from '../instances/process-instance.entity';
import type { ChangeImpact } from './preview.service';

export class SimulationTriggerResponse {
  @ApiProperty({ enum: ['start', 'userTaskCompleted', 'timerFired'] })
  type!: SimulationResult['steps'][number]['trigger']['type'];

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The task or timer; null for the start',
  })
  elementId!: string | null;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description: 'The start variables, or those the task was completed with',
  })
  variables!: Record<string, unknown> | null;
}

export class SimulationStepResponse {
  @ApiProperty({ description: '0 for the start, then one per event' })
  step!: number;

  @ApiProperty({ type: SimulationTriggerResponse })
  trigger!: SimulationTriggerResponse;

  @ApiProperty({ description: 'Simulated time since the start; fired timers move it on' })
  elapsedMs!: number;

  @ApiProperty({ type: 'object', additionalProperties: true, description: 'After the step' })
  variables!: Record<string, unknown>;
}

export class PathEntryResponse {
  @ApiProperty()
  step!: number;

  @ApiProperty({ enum: ['started', 'completed'] })
  event!: 'started' | 'completed';

  @ApiProperty()
  elementId!: string;

  @ApiProperty({ example: 'userTask' })
  elementKind!: string;

  @ApiProperty({ type: String, nullable: true })
  elementName!: string | null;
}

export class SimulationWaitResponse {
  @ApiProperty({ type: String, example: 'userTask' })
  kind!: string;

  @ApiProperty()
  elementId!: string;

  @ApiProperty({ type: String, nullable: true })
  elementName!: string | null;

  @ApiProperty()
  waitKey!: string;

  @ApiProperty({ type: Number, nullable: true, description: 'A timer: how long until it fires' })
  dueInMs!: number | null;
}

export class SimulationFailureResponse {
  @ApiProperty({ type: String, nullable: true })
  elementId!: string | null;

  @ApiProperty()
  message!: string;
}

/** What a diagram would do, run on the engine without Temporal and without writing anything. */
export class SimulationResponse {
  @ApiProperty({
    enum: INSTANCE_STATUSES,
    description: 'The instance status where the run stopped',
  })
  status!: SimulationResult['status'];

  @ApiProperty({
    enum: ['ended', 'incident', 'waiting', 'stepLimit'],
    description:
      '`ended`: completed or cancelled; `incident`: a step could not proceed (see error; path and effects stop before that step); `waiting`: it waits for what the script does not answer (see waitingFor); `stepLimit`: maxSteps reached',
  })
  stoppedBecause!: SimulationResult['stoppedBecause'];

  @ApiProperty({
    type: SimulationFailureResponse,
    nullable: true,
    description: 'Why a step could not proceed',
  })
  error!: SimulationFailureResponse | null;

  @ApiProperty({ description: 'Simulated time from the start to where the run stopped' })
  elapsedMs!: number;

  @ApiProperty({ type: PathEntryResponse, isArray: true, description: 'Elements in order' })
  path!: PathEntryResponse[];

  @ApiProperty({
    type: 'array',
    description:
      'The effects that would have been written, in order (CRM activities, status changes, user tasks opened and completed, variables, the end): the engine effect with its fields, the step and the element',
    items: {
      type: 'object',
      required: ['type', 'key', 'step', 'elementId'],
      properties: {
        type: { type: 'string', example: 'setClientStatus' },
        key: { type: 'string' },
        step: { type: 'number' },
        elementId: { type: 'string', nullable: true },
      },
      additionalProperties: true,
    },
  })
  effects!: Record<string, unknown>[];

  @ApiProperty({ type: SimulationStepResponse, isArray: true })
  steps!: SimulationStepResponse[];

  @ApiProperty({
    type: SimulationWaitResponse,
    isArray: true,
    description: 'Open waits at the stop',
  })
  waitingFor!: SimulationWaitResponse[];
}

export class WaitingElementResponse {
  @ApiProperty()
  elementId!: string;

  @ApiProperty({ type: String, nullable: true })
  elementName!: string | null;

  @ApiProperty({ description: 'Its kind in the version the instances run', example: 'userTask' })
  kind!: string;

  @ApiProperty({ description: 'Running instances with a token in it' })
  instances!: number;

  @ApiProperty({ type: Number, isArray: true })
  versions!: number[];

  @ApiProperty({ type: String, nullable: true, description: 'Its kind in the new diagram' })
  newKind!: string | null;

  @ApiProperty({ enum: ['unchanged', 'removed', 'kindChanged'] })
  change!: 'unchanged' | 'removed' | 'kindChanged';
}

export class InstanceNeedingMappingResponse {
  @ApiProperty({ format: 'uuid' })
  instanceId!: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  clientId!: string | null;

  @ApiProperty()
  version!: number;

  @ApiProperty({
    type: String,
    isArray: true,
    description: 'Its elements the new diagram lacks or changed',
  })
  elementIds!: string[];
}

/** The running instances of a key against a would-be next version. */
export class ChangeImpactResponse implements ChangeImpact {
  @ApiProperty({ example: 'application-handling' })
  key!: string;

  @ApiProperty({ type: Number, nullable: true, description: 'Null when the key is not deployed' })
  latestVersion!: number | null;

  @ApiProperty()
  runningInstances!: number;

  @ApiProperty({
    type: WaitingElementResponse,
    isArray: true,
    description: 'Elements the running instances wait on, most instances first',
  })
  elements!: WaitingElementResponse[];

  @ApiProperty({ type: InstanceNeedingMappingResponse, isArray: true })
  instancesNeedingMapping!: InstanceNeedingMappingResponse[];
}
