import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { CurrencyCodes } from 'validator/lib/isISO4217';
import {
  IsIn,
  IsInt,
  IsISO4217CurrencyCode,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
} from 'class-validator';
import { PageQuery } from '#server/common/pagination';
import { DATE_ONLY, OptionalNotNull, UserIdOrMe } from '#server/common/validation';
import { DEAL_STATUSES, DealStatus } from './deal.entity';
import { IsMoneyAmount, MONEY_PATTERN } from './money';

/** A decimal string, or a whole number (a JSON number with decimals is accepted too). */
const AMOUNT_DOC = {
  oneOf: [
    { type: 'string', pattern: MONEY_PATTERN.source },
    { type: 'integer', minimum: 0, maximum: 999_999_999_999 },
  ],
  example: '12500.00',
  description: 'At least 0, at most 2 decimals; answered as an exact decimal string',
};

export class CreateDealDto {
  @ApiProperty({ description: 'The client the deal is with; the caller must be able to read it' })
  @IsUUID()
  clientId!: string;

  @ApiProperty({ example: 'Fleet renewal 2026' })
  @IsString()
  @Length(1, 200)
  title!: string;

  @ApiPropertyOptional({ ...AMOUNT_DOC, default: '0.00' })
  @OptionalNotNull()
  @IsMoneyAmount()
  amount?: string | number;

  @ApiPropertyOptional({
    example: 'EUR',
    default: 'EUR',
    description: 'ISO 4217 code',
    enum: [...CurrencyCodes].sort(),
  })
  @OptionalNotNull()
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an upper-case ISO 4217 code like EUR' })
  @IsISO4217CurrencyCode()
  currency?: string;

  @ApiPropertyOptional({ description: "The stage's pipeline, else the default pipeline" })
  @IsOptional()
  @IsUUID()
  pipelineId?: string;

  @ApiPropertyOptional({ description: 'An open stage; the first open stage when absent' })
  @IsOptional()
  @IsUUID()
  stageId?: string;

  @ApiPropertyOptional({ type: String, example: '2026-03-31', format: 'date', nullable: true })
  @IsOptional()
  @Matches(DATE_ONLY, { message: 'expectedCloseDate must be a date like 2026-03-31' })
  @IsISO8601({ strict: true })
  expectedCloseDate?: string | null;

  @ApiPropertyOptional({ description: 'The caller when absent on create' })
  @OptionalNotNull()
  @IsUUID()
  ownerId?: string;

  @ApiPropertyOptional({
    type: Number,
    minimum: 0,
    maximum: 100,
    nullable: true,
    description: "Overrides the stage's probability; absent on create or null follows the stage",
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100)
  probability?: number | null;
}

/** A partial update; the client, pipeline and stage change only by moving the deal. */
export class UpdateDealDto extends PartialType(
  OmitType(CreateDealDto, ['clientId', 'pipelineId', 'stageId']),
  { skipNullProperties: false },
) {}

export class MoveDealDto {
  @ApiProperty({ description: "A stage of the deal's pipeline; use /lose for the lost stage" })
  @IsUUID()
  stageId!: string;
}

export class LoseDealDto {
  @ApiProperty({ example: 'Chose a cheaper offer' })
  @IsString()
  @Length(1, 1000)
  @Matches(/\S/, { message: 'reason must not be blank' })
  reason!: string;
}

export const DEAL_SORTS = ['createdAt', 'amount', 'expectedCloseDate'] as const;
export type DealSort = (typeof DEAL_SORTS)[number];

export class ListDealsQuery extends PageQuery {
  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  pipelineId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  stageId?: string;

  @ApiPropertyOptional({ enum: DEAL_STATUSES })
  @IsOptional()
  @IsIn(DEAL_STATUSES)
  status?: DealStatus;

  @ApiPropertyOptional({ description: "An owner's user id, or 'me'" })
  @IsOptional()
  @UserIdOrMe()
  owner?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  clientId?: string;

  @ApiPropertyOptional({
    description: 'Amount at least this',
    example: '1000',
    pattern: MONEY_PATTERN.source,
  })
  @IsOptional()
  @IsMoneyAmount()
  amountMin?: string;

  @ApiPropertyOptional({
    description: 'Amount at most this',
    example: '50000.00',
    pattern: MONEY_PATTERN.source,
  })
  @IsOptional()
  @IsMoneyAmount()
  amountMax?: string;

  @ApiPropertyOptional({ format: 'date', description: 'Expected close on or after' })
  @IsOptional()
  @Matches(DATE_ONLY, { message: 'closeFrom must be a date like 2026-03-31' })
  @IsISO8601({ strict: true })
  closeFrom?: string;

  @ApiPropertyOptional({ format: 'date', description: 'Expected close on or before' })
  @IsOptional()
  @Matches(DATE_ONLY, { message: 'closeTo must be a date like 2026-03-31' })
  @IsISO8601({ strict: true })
  closeTo?: string;

  @ApiPropertyOptional({ enum: DEAL_SORTS, default: 'createdAt' })
  @IsOptional()
  @IsIn(DEAL_SORTS)
  sort?: DealSort;
}

export class BoardQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50, description: 'Newest first' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  dealsPerStage?: number;
}
