import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsInt,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import type { Variables } from '#workflows/engine/types';
import {
  DEFAULT_MAX_STEPS,
  MAX_STEPS_LIMIT,
  type SimulationScript,
  type TimerAnswer,
} from '#workflows/simulation/simulate';

export class SimulationScriptDto implements SimulationScript {
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'array', items: { type: 'object', additionalProperties: true } },
    description:
      'User task element id → the variables to complete it with, one entry per time it opens; a task without an answer left stops the run. A task of a called process: its id, or `processKey/elementId` where ids repeat',
    example: { Task_QualifyApplication: [{ qualified: true }] },
  })
  @IsOptional()
  @IsObject()
  userTasks?: Record<string, Variables[]>;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string', enum: ['fire', 'wait'] },
    description:
      'Timer element id (or `processKey/elementId` in a called process) → `fire` when due (what unlisted timers do) or `wait` (stop there)',
    example: { Timer_FollowUp: 'fire' },
  })
  @IsOptional()
  @IsObject()
  timers?: Record<string, TimerAnswer>;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: MAX_STEPS_LIMIT,
    default: DEFAULT_MAX_STEPS,
    description:
      'How many events (task completions, timers, called instances starting and ending) may follow the start',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_STEPS_LIMIT)
  maxSteps?: number;
}

export class SimulateDto {
  @ApiProperty({ description: 'BPMN 2.0 XML, compiled as a deploy would' })
  @IsString()
  @IsNotEmpty()
  bpmnXml!: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: 'Start variables',
  })
  @IsOptional()
  @IsObject()
  variables?: Variables;

  @ApiPropertyOptional({ type: SimulationScriptDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => SimulationScriptDto)
  script?: SimulationScriptDto;
}

export class ImpactDto {
  @ApiProperty({ description: 'BPMN 2.0 XML of the would-be next version of its process key' })
  @IsString()
  @IsNotEmpty()
  bpmnXml!: string;
}
