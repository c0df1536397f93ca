import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';

export class SearchQuery {
  @ApiProperty({ minLength: 2, maxLength: 200, example: 'northwind' })
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @Length(2, 200)
  q!: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 50, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(50)
  limit?: number;
}

export const SEARCH_RESULT_TYPES = ['client', 'contact', 'deal', 'task'] as const;
export type SearchResultType = (typeof SEARCH_RESULT_TYPES)[number];

export interface SearchResult {
  /** A contact is a person client who works for a company; a task is an open user task. */
  type: SearchResultType;
  id: string;
  title: string;
  subtitle: string;
  /** Higher is better: 2 for an exact name, email or phone, plus similarity and text rank. */
  score: number;
}
