import { ApiProperty } from '@nestjs/swagger';
import { PageOf } from '#server/common/api-responses';
import { PipelineStage, STAGE_KINDS, StageKind } from './pipeline-stage.entity';
import { PipelineView } from './pipelines.service';

export class PipelineStageResponse implements PipelineStage {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  pipelineId!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty()
  position!: number;

  @ApiProperty({ minimum: 0, maximum: 100 })
  probability!: number;

  @ApiProperty({ enum: STAGE_KINDS })
  kind!: StageKind;
}

export class PipelineSummaryResponse implements Omit<PipelineView, 'stages'> {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty()
  isDefault!: boolean;

  @ApiProperty()
  createdAt!: Date;
}

export class PipelineResponse extends PipelineSummaryResponse implements PipelineView {
  @ApiProperty({ type: PipelineStageResponse, isArray: true, description: 'In order' })
  stages!: PipelineStageResponse[];
}

export class PipelinePage extends PageOf(PipelineResponse) {}
