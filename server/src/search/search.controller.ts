import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '../auth/auth-user';
import { SearchQuery } from './search.dto';
import { SearchService } from './search.service';

@ApiTags('search')
@ApiBearerAuth()
@Controller('search')
export class SearchController {
  constructor(private readonly searchService: SearchService) {}

  /** Any signed-in user; only the records they may read. */
  @Get()
  search(@Query() query: SearchQuery, @CurrentUser() caller: AuthUser) {
    return this.searchService.search(query.q, query.limit, caller);
  }
}
