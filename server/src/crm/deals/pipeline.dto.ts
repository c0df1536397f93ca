import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Max,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { STAGE_KINDS, StageKind } from './pipeline-stage.entity';

/** Fields that may be left out but never set to null. */
const present = (_: object, value: unknown) => value !== undefined;

export class StageInput {
  @ApiProperty({ example: 'Proposal' })
  @IsString()
  @Length(1, 100)
  name!: string;

  @ApiProperty({ minimum: 0, maximum: 100, example: 40 })
  @IsInt()
  @Min(0)
  @Max(100)
  probability!: number;

  @ApiProperty({ enum: STAGE_KINDS, description: 'won and lost stages close a deal' })
  @IsIn(STAGE_KINDS)
  kind!: StageKind;
}

export class CreatePipelineDto {
  @ApiProperty({ example: 'Partnerships' })
  @IsString()
  @Length(1, 100)
  name!: string;

  @ApiPropertyOptional({ description: 'Make it the pipeline new deals go to by default' })
  @IsOptional()
  @IsBoolean()
  isDefault?: boolean;

  @ApiProperty({
    type: [StageInput],
    description: 'In order; at least one open stage, exactly one won and one lost stage',
  })
  @IsArray()
  @ArrayMinSize(3)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => StageInput)
  stages!: StageInput[];
}

export class UpdatePipelineDto {
  @ApiPropertyOptional()
  @ValidateIf(present)
  @IsString()
  @Length(1, 100)
  name?: string;

  @ApiPropertyOptional({
    enum: [true],
    description: 'true makes this the default; another pipeline is made default to change it',
  })
  @ValidateIf(present)
  @IsIn([true])
  isDefault?: true;
}

export class AddStageDto {
  @ApiProperty({ example: 'Demo' })
  @IsString()
  @Length(1, 100)
  name!: string;

  @ApiProperty({ minimum: 0, maximum: 100 })
  @IsInt()
  @Min(0)
  @Max(100)
  probability!: number;

  @ApiPropertyOptional({
    minimum: 0,
    description: '0-based place among the stages; after the last open stage when absent',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  index?: number;
}

export class UpdateStageDto {
  @ApiPropertyOptional()
  @ValidateIf(present)
  @IsString()
  @Length(1, 100)
  name?: string;

  @ApiPropertyOptional({ minimum: 0, maximum: 100 })
  @ValidateIf(present)
  @IsInt()
  @Min(0)
  @Max(100)
  probability?: number;
}

export class ReorderStagesDto {
  @ApiProperty({ type: [String], description: 'Every stage id of the pipeline, in the new order' })
  @IsArray()
  @ArrayUnique()
  @IsUUID('all', { each: true })
  stageIds!: string[];
}
