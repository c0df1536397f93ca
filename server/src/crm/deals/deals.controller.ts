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
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '../../auth/auth-user';
import { PageQuery } from '../../common/pagination';
import { CreateDealDto, ListDealsQuery, LoseDealDto, MoveDealDto, UpdateDealDto } from './deal.dto';
import { DealsService } from './deals.service';

/** Who may read and change a deal follows its owner (AccessPolicy). */
@ApiTags('deals')
@ApiBearerAuth()
@Controller('deals')
export class DealsController {
  constructor(private readonly deals: DealsService) {}

  @Post()
  create(@Body() body: CreateDealDto, @CurrentUser() caller: AuthUser) {
    return this.deals.create(body, caller);
  }

  @Get()
  list(@Query() query: ListDealsQuery, @CurrentUser() caller: AuthUser) {
    return this.deals.list(query, caller);
  }

  @Get(':id')
  get(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() caller: AuthUser) {
    return this.deals.get(id, caller);
  }

  @Patch(':id')
  update(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: UpdateDealDto,
    @CurrentUser() caller: AuthUser,
  ) {
    return this.deals.update(id, body, caller);
  }

  @Delete(':id')
  @HttpCode(204)
  async remove(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() caller: AuthUser) {
    await this.deals.remove(id, caller);
  }

  @Post(':id/stage')
  @HttpCode(200)
  move(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: MoveDealDto,
    @CurrentUser() caller: AuthUser,
  ) {
    return this.deals.moveToStage(id, body, caller);
  }

  @Post(':id/lose')
  @HttpCode(200)
  lose(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: LoseDealDto,
    @CurrentUser() caller: AuthUser,
  ) {
    return this.deals.lose(id, body, caller);
  }

  @Get(':id/history')
  history(
    @Param('id', ParseUUIDPipe) id: string,
    @Query() query: PageQuery,
    @CurrentUser() caller: AuthUser,
  ) {
    return this.deals.history(id, query, caller);
  }
}
