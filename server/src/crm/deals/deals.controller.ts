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
import { AuthUser, CurrentUser } from '#server/auth/auth-user';
import { ApiAuthenticated, ApiErrors } from '#server/common/api-responses';
import { PageQuery } from '#server/common/pagination';
import { CreateDealDto, ListDealsQuery, LoseDealDto, MoveDealDto, UpdateDealDto } from './deal.dto';
import { DealHistoryPage, DealPage, DealResponse } from './deal.response';
import { DealsService } from './deals.service';

/** Who may read and change a deal follows its owner (AccessPolicy). */
@ApiTags('deals')
@ApiAuthenticated()
@Controller('deals')
export class DealsController {
  constructor(private readonly deals: DealsService) {}

  @Post()
  @ApiCreatedResponse({ type: DealResponse })
  @ApiErrors(400, 403, 404, 409)
  create(@Body() body: CreateDealDto, @CurrentUser() caller: AuthUser): Promise<DealResponse> {
    return this.deals.create(body, caller);
  }

  @Get()
  @ApiOkResponse({ type: DealPage })
  @ApiErrors(400)
  list(@Query() query: ListDealsQuery, @CurrentUser() caller: AuthUser): Promise<DealPage> {
    return this.deals.list(query, caller);
  }

  @Get(':id')
  @ApiOkResponse({ type: DealResponse })
  @ApiErrors(400, 404)
  get(
    @Param('id', ParseUUIDPipe) id: string,
    @CurrentUser() caller: AuthUser,
  ): Promise<DealResponse> {
    return this.deals.get(id, caller);
  }

  @Patch(':id')
  @ApiOkResponse({ type: DealResponse })
  @ApiErrors(400, 403, 404)
  update(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: UpdateDealDto,
    @CurrentUser() caller: AuthUser,
  ): Promise<DealResponse> {
    return this.deals.update(id, body, caller);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiErrors(400, 403, 404)
  async remove(
    @Param('id', ParseUUIDPipe) id: string,
    @CurrentUser() caller: AuthUser,
  ): Promise<void> {
    await this.deals.remove(id, caller);
  }

  @Post(':id/stage')
  @HttpCode(200)
  @ApiOkResponse({ type: DealResponse })
  @ApiErrors(400, 403, 404)
  move(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: MoveDealDto,
    @CurrentUser() caller: AuthUser,
  ): Promise<DealResponse> {
    return this.deals.moveToStage(id, body, caller);
  }

  @Post(':id/lose')
  @HttpCode(200)
  @ApiOkResponse({ type: DealResponse })
  @ApiErrors(400, 403, 404, 409)
  lose(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: LoseDealDto,
    @CurrentUser() caller: AuthUser,
  ): Promise<DealResponse> {
    return this.deals.lose(id, body, caller);
  }

  @Get(':id/history')
  @ApiOkResponse({ type: DealHistoryPage })
  @ApiErrors(400, 404)
  history(
    @Param('id', ParseUUIDPipe) id: string,
    @Query() query: PageQuery,
    @CurrentUser() caller: AuthUser,
  ): Promise<DealHistoryPage> {
    return this.deals.history(id, query, caller);
  }
}
