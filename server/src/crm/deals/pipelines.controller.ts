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
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser, Roles } from '#server/auth/auth-user';
import { ApiAuthenticated, ApiErrors } from '#server/common/api-responses';
import { PageQuery } from '#server/common/pagination';
import { BoardQuery } from './deal.dto';
import { BoardResponse } from './deal.response';
import { DealsService } from './deals.service';
import {
  AddStageDto,
  CreatePipelineDto,
  ReorderStagesDto,
  UpdatePipelineDto,
  UpdateStageDto,
} from './pipeline.dto';
import { PipelinePage, PipelineResponse } from './pipeline.response';
import { PipelinesService } from './pipelines.service';

/** Every signed-in user reads pipelines; only admins shape them. */
@ApiTags('pipelines')
@ApiAuthenticated()
@Controller('pipelines')
export class PipelinesController {
  constructor(
    private readonly pipelines: PipelinesService,
    private readonly deals: DealsService,
  ) {}

  @Get()
  @ApiOkResponse({ type: PipelinePage })
  @ApiErrors(400)
  list(@Query() query: PageQuery): Promise<PipelinePage> {
    return this.pipelines.list(query);
  }

  @Get(':id')
  @ApiOkResponse({ type: PipelineResponse })
  @ApiErrors(400, 404)
  get(@Param('id', ParseUUIDPipe) id: string): Promise<PipelineResponse> {
    return this.pipelines.get(id);
  }

  @Get(':id/board')
  @ApiOkResponse({ type: BoardResponse })
  @ApiErrors(400, 404)
  board(
    @Param('id', ParseUUIDPipe) id: string,
    @Query() query: BoardQuery,
    @CurrentUser() caller: AuthUser,
  ): Promise<BoardResponse> {
    return this.deals.board(id, query, caller);
  }

  @Post()
  @Roles('admin')
  @ApiCreatedResponse({ type: PipelineResponse })
  @ApiErrors(400, 403, 409)
  create(
    @Body() body: CreatePipelineDto,
    @CurrentUser() caller: AuthUser,
  ): Promise<PipelineResponse> {
    return this.pipelines.create(body, caller);
  }

  @Patch(':id')
  @Roles('admin')
  @ApiOkResponse({ type: PipelineResponse })
  @ApiErrors(400, 403, 404, 409)
  update(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: UpdatePipelineDto,
    @CurrentUser() caller: AuthUser,
  ): Promise<PipelineResponse> {
    return this.pipelines.update(id, body, caller);
  }

  @Post(':id/stages')
  @Roles('admin')
  @ApiCreatedResponse({ type: PipelineResponse })
  @ApiErrors(400, 403, 404)
  addStage(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: AddStageDto,
    @CurrentUser() caller: AuthUser,
  ): Promise<PipelineResponse> {
    return this.pipelines.addStage(id, body, caller);
  }

  @Put(':id/stages/order')
  @Roles('admin')
  @ApiOkResponse({ type: PipelineResponse })
  @ApiErrors(400, 403, 404)
  reorderStages(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: ReorderStagesDto,
    @CurrentUser() caller: AuthUser,
  ): Promise<PipelineResponse> {
    return this.pipelines.reorderStages(id, body, caller);
  }

  @Patch(':id/stages/:stageId')
  @Roles('admin')
  @ApiOkResponse({ type: PipelineResponse })
  @ApiErrors(400, 403, 404)
  updateStage(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('stageId', ParseUUIDPipe) stageId: string,
    @Body() body: UpdateStageDto,
    @CurrentUser() caller: AuthUser,
  ): Promise<PipelineResponse> {
    return this.pipelines.updateStage(id, stageId, body, caller);
  }

  @Delete(':id/stages/:stageId')
  @Roles('admin')
  @ApiOkResponse({ type: PipelineResponse, description: 'The pipeline without the stage' })
  @ApiErrors(400, 403, 404, 409)
  removeStage(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('stageId', ParseUUIDPipe) stageId: string,
    @CurrentUser() caller: AuthUser,
  ): Promise<PipelineResponse> {
    return this.pipelines.removeStage(id, stageId, caller);
  }
}
