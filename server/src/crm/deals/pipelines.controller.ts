import {
  Body,
  Controller,
  Delete,
  Get,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Put,
  Query,
} from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser, Roles } from '../../auth/auth-user';
import { PageQuery } from '../../common/pagination';
import { BoardQuery } from './deal.dto';
import { DealsService } from './deals.service';
import {
  AddStageDto,
  CreatePipelineDto,
  ReorderStagesDto,
  UpdatePipelineDto,
  UpdateStageDto,
} from './pipeline.dto';
import { PipelinesService } from './pipelines.service';

/** Every signed-in user reads pipelines; only admins shape them. */
@ApiTags('pipelines')
@ApiBearerAuth()
@Controller('pipelines')
export class PipelinesController {
  constructor(
    private readonly pipelines: PipelinesService,
    private readonly deals: DealsService,
  ) {}

  @Get()
  list(@Query() query: PageQuery) {
    return this.pipelines.list(query);
  }

  @Get(':id')
  get(@Param('id', ParseUUIDPipe) id: string) {
    return this.pipelines.get(id);
  }

  @Get(':id/board')
  board(
    @Param('id', ParseUUIDPipe) id: string,
    @Query() query: BoardQuery,
    @CurrentUser() caller: AuthUser,
  ) {
    return this.deals.board(id, query, caller);
  }

  @Post()
  @Roles('admin')
  create(@Body() body: CreatePipelineDto, @CurrentUser() caller: AuthUser) {
    return this.pipelines.create(body, caller);
  }

  @Patch(':id')
  @Roles('admin')
  update(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: UpdatePipelineDto,
    @CurrentUser() caller: AuthUser,
  ) {
    return this.pipelines.update(id, body, caller);
  }

  @Post(':id/stages')
  @Roles('admin')
  addStage(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: AddStageDto,
    @CurrentUser() caller: AuthUser,
  ) {
    return this.pipelines.addStage(id, body, caller);
  }

  @Put(':id/stages/order')
  @Roles('admin')
  reorderStages(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: ReorderStagesDto,
    @CurrentUser() caller: AuthUser,
  ) {
    return this.pipelines.reorderStages(id, body, caller);
  }

  @Patch(':id/stages/:stageId')
  @Roles('admin')
  updateStage(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('stageId', ParseUUIDPipe) stageId: string,
    @Body() body: UpdateStageDto,
    @CurrentUser() caller: AuthUser,
  ) {
    return this.pipelines.updateStage(id, stageId, body, caller);
  }

  @Delete(':id/stages/:stageId')
  @Roles('admin')
  removeStage(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('stageId', ParseUUIDPipe) stageId: string,
    @CurrentUser() caller: AuthUser,
  ) {
    return this.pipelines.removeStage(id, stageId, caller);
  }
}
