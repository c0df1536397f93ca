import { ApiProperty } from '@nestjs/swagger';
import { SEARCH_RESULT_TYPES, SearchResult, SearchResultType } from './search.dto';

export class SearchResultResponse implements SearchResult {
  @ApiProperty({
    enum: SEARCH_RESULT_TYPES,
    description: 'A contact is a person client who works for a company',
  })
  type!: SearchResultType;

  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  title!: string;

  @ApiProperty()
  subtitle!: string;

  @ApiProperty({ description: 'Higher is better' })
  score!: number;
}

/** The best matches first; search does not page. */
export class SearchResponse {
  @ApiProperty({ type: SearchResultResponse, isArray: true })
  items!: SearchResultResponse[];
}
