import { ApiProperty } from '@nestjs/swagger';
import { PageOf } from '#server/common/api-responses';
import { DealStageChange } from './deal-stage-change.entity';
import { Deal, DEAL_STATUSES, DealStatus } from './deal.entity';
import { BoardColumn, DealHistoryEntry, DealView } from './deals.service';
import { STAGE_KINDS, StageKind } from './pipeline-stage.entity';
import { PipelineStageResponse, PipelineSummaryResponse } from './pipeline.response';

/** The fields a deal has in every answer; `probability` differs between the views. */
class DealFields implements Omit<Deal, 'probability'> {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  clientId!: string;

  @ApiProperty({ format: 'uuid' })
  pipelineId!: string;

  @ApiProperty({ format: 'uuid' })
  stageId!: string;

  @ApiProperty()
  title!: string;

  @ApiProperty({ description: 'Exact decimal with two places', example: '1250.00' })
  amount!: string;

  @ApiProperty({ example: 'EUR' })
  currency!: string;

  @ApiProperty({ type: String, format: 'date', nullable: true })
  expectedCloseDate!: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  ownerId!: string | null;

  @ApiProperty({ enum: DEAL_STATUSES })
  status!: DealStatus;

  @ApiProperty({ type: String, nullable: true })
  lostReason!: string | null;

  @ApiProperty({ type: Date, nullable: true })
  closedAt!: Date | null;

  @ApiProperty()
  createdAt!: Date;

  @ApiProperty()
  updatedAt!: Date;
}

export class DealStageRef {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty({ enum: STAGE_KINDS })
  kind!: StageKind;

  @ApiProperty()
  position!: number;
}

export class DealResponse extends DealFields implements DealView {
  @ApiProperty({ description: "The effective probability: the override, else the stage's" })
  probability!: number;

  @ApiProperty({ type: Number, nullable: true })
  probabilityOverride!: number | null;

  @ApiProperty()
  stage!: DealStageRef;
}

export class DealPage extends PageOf(DealResponse) {}

/** A deal as the client card lists it: the stored row and its stage's name. */
export class CardDealResponse extends DealFields implements Deal {
  @ApiProperty({ type: Number, nullable: true, description: "Overrides the stage's probability" })
  probability!: number | null;

  @ApiProperty({ type: String, nullable: true })
  stageName!: string | null;
}

export class DealStageChangeResponse implements DealStageChange {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  dealId!: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  fromStageId!: string | null;

  @ApiProperty({ format: 'uuid' })
  toStageId!: string;

  @ApiProperty()
  changedAt!: Date;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  changedById!: string | null;
}

export class DealHistoryEntryResponse extends DealStageChangeResponse implements DealHistoryEntry {
  @ApiProperty({ type: String, nullable: true })
  fromStageName!: string | null;

  @ApiProperty()
  toStageName!: string;
}

export class DealHistoryPage extends PageOf(DealHistoryEntryResponse) {}

export class BoardColumnResponse implements BoardColumn {
  @ApiProperty()
  stage!: PipelineStageResponse;

  @ApiProperty()
  count!: number;

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    description: 'Exact decimal sums by currency',
    example: { EUR: '1250.00' },
  })
  amountByCurrency!: Record<string, string>;

  @ApiProperty({ type: DealResponse, isArray: true, description: 'The newest deals of the stage' })
  deals!: DealResponse[];
}

export class BoardResponse {
  @ApiProperty()
  pipeline!: PipelineSummaryResponse;

  @ApiProperty({ type: BoardColumnResponse, isArray: true })
  columns!: BoardColumnResponse[];
}
