import { ApiProperty, ApiPropertyOptional, OmitType, PartialType, PickType } from '@nestjs/swagger';
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
  ValidateNested,
} from 'class-validator';
import { OptionalNotNull } from '#server/common/validation';
import { STAGE_KINDS, StageKind } from './pipeline-stage.entity';

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

export class UpdatePipelineDto extends PartialType(PickType(CreatePipelineDto, ['name']), {
  skipNullProperties: false,
}) {
  @ApiPropertyOptional({
    enum: [true],
    description: 'true makes this the default; another pipeline is made default to change it',
  })
  @OptionalNotNull()
  @IsIn([true])
  isDefault?: true;
}

/** A new stage is always open: a pipeline keeps exactly one won and one lost stage. */
export class AddStageDto extends PickType(StageInput, ['name', 'probability']) {
  @ApiPropertyOptional({
    minimum: 0,
    description: '0-based place among the stages; after the last open stage when absent',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  index?: number;
}

export class UpdateStageDto extends PartialType(OmitType(AddStageDto, ['index']), {
  skipNullProperties: false,
}) {}

export class ReorderStagesDto {
  @ApiProperty({ type: [String], description: 'Every stage id of the pipeline, in the new order' })
  @IsArray()
  @ArrayUnique()
  @IsUUID('all', { each: true })
  stageIds!: string[];
}
