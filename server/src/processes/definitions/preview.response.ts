import { ApiProperty } from '@nestjs/swagger';
import type { SimulationResult } from '#workflows/simulation/simulate';
import { INSTANCE_STATUSES } from '../instances/process-instance.entity';
import type { ChangeImpact } from './preview.service';

export class SimulationTriggerResponse {
  @ApiProperty({
    enum: ['start', 'userTaskCompleted', 'timerFired', 'calledInstanceEnded', 'cancelledByCaller'],
    description:
      '`calledInstanceEnded`: the instance a call activity started ended; `cancelledByCaller` (in a called instance): its caller stopped waiting for it',
  })
  type!: SimulationResult['steps'][number]['trigger']['type'];

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The task, timer or call activity; null for the start and a cancel',
  })
  elementId!: string | null;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description:
      'The start variables (for a called instance, its inputs), those the task was completed with, or those the called instance ended with',
  })
  variables!: Record<string, unknown> | null;
}

export class SimulationStepResponse {
  @ApiProperty({
    description: '0 for the start, then one per event, numbered across the called instances too',
  })
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

  @ApiProperty({
    type: () => CalledSimulationResponse,
    isArray: true,
    description:
      'The instances its call activities started, in order, each with its own run nested (the same shape, down to the instances it called)',
  })
  calls!: CalledSimulationResponse[];
}

/** An instance a call activity started in the dry run, and its own run. */
export class CalledSimulationResponse {
  @ApiProperty({ description: 'The call activity that started it' })
  elementId!: string;

  @ApiProperty({ description: 'The step that reached the call activity' })
  step!: number;

  @ApiProperty({ example: 'credit-check' })
  processKey!: string;

  @ApiProperty({
    type: Number,
    nullable: true,
    description:
      'The deployed version it ran; null when a call of the simulated key ran the diagram itself',
  })
  version!: number | null;

  @ApiProperty({ type: () => SimulationResponse })
  result!: SimulationResponse;
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
