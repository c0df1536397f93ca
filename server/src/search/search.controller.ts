import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '../auth/auth-user';
import { ApiAuthenticated, ApiErrors } from '../common/api-responses';
import { SearchQuery } from './search.dto';
import { SearchResponse } from './search.response';
import { SearchService } from './search.service';

@ApiTags('search')
@ApiAuthenticated()
@Controller('search')
export class SearchController {
  constructor(private readonly searchService: SearchService) {}

  /** Any signed-in user; only the records they may read. */
  @Get()
  @ApiOkResponse({ type: SearchResponse })
  @ApiErrors(400)
  search(@Query() query: SearchQuery, @CurrentUser() caller: AuthUser): Promise<SearchResponse> {
    return this.searchService.search(query.q, query.limit, caller);
  }
}
