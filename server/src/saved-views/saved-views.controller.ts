import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Query,
} from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '../auth/auth-user';
import { ApiAuthenticated, ApiErrors } from '../common/api-responses';
import { CreateSavedViewDto, ListSavedViewsQuery, UpdateSavedViewDto } from './saved-view.dto';
import { SavedViewList, SavedViewResponse } from './saved-view.response';
import { SavedViewsService } from './saved-views.service';

/** Any signed-in user, on their own views only. */
@ApiTags('saved-views')
@ApiAuthenticated()
@Controller('saved-views')
export class SavedViewsController {
  constructor(private readonly views: SavedViewsService) {}

  @Get()
  @ApiOkResponse({ type: SavedViewList })
  @ApiErrors(400)
  list(
    @Query() query: ListSavedViewsQuery,
    @CurrentUser() caller: AuthUser,
  ): Promise<SavedViewList> {
    return this.views.list(query.screen, caller);
  }

  @Get(':id')
  @ApiOkResponse({ type: SavedViewResponse })
  @ApiErrors(400, 404)
  get(
    @Param('id', ParseUUIDPipe) id: string,
    @CurrentUser() caller: AuthUser,
  ): Promise<SavedViewResponse> {
    return this.views.get(id, caller);
  }

  @Post()
  @ApiCreatedResponse({ type: SavedViewResponse })
  @ApiErrors(400, 409)
  create(
    @Body() body: CreateSavedViewDto,
    @CurrentUser() caller: AuthUser,
  ): Promise<SavedViewResponse> {
    return this.views.create(body, caller);
  }

  @Patch(':id')
  @ApiOkResponse({ type: SavedViewResponse })
  @ApiErrors(400, 404, 409)
  update(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: UpdateSavedViewDto,
    @CurrentUser() caller: AuthUser,
  ): Promise<SavedViewResponse> {
    return this.views.update(id, body, caller);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiErrors(400, 404)
  remove(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() caller: AuthUser): Promise<void> {
    return this.views.remove(id, caller);
  }
}
