import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser, Roles } from '#server/auth/auth-user';
import { TASK_ASSIGNERS } from '#server/common/access/access-rules';
import { ApiAuthenticated, ApiErrors } from '#server/common/api-responses';
import { AssignTaskDto, CompleteTaskDto, ListTasksQuery } from './task.dto';
import { TaskPage, TaskResponse } from './task.response';
import { TasksService } from './tasks.service';

@ApiTags('tasks')
@ApiAuthenticated()
@Controller('tasks')
export class TasksController {
  constructor(private readonly tasks: TasksService) {}

  @Get()
  @ApiOkResponse({ type: TaskPage })
  @ApiErrors(400)
  list(@Query() query: ListTasksQuery, @CurrentUser() caller: AuthUser): Promise<TaskPage> {
    return this.tasks.list(query, caller);
  }

  @Get(':id')
  @ApiOkResponse({ type: TaskResponse })
  @ApiErrors(400, 404)
  get(
    @Param('id', ParseUUIDPipe) id: string,
    @CurrentUser() caller: AuthUser,
  ): Promise<TaskResponse> {
    return this.tasks.get(id, caller);
  }

  @Post(':id/claim')
  @HttpCode(200)
  @ApiOkResponse({ type: TaskResponse })
  @ApiErrors(400, 403, 404, 409)
  claim(
    @Param('id', ParseUUIDPipe) id: string,
    @CurrentUser() caller: AuthUser,
  ): Promise<TaskResponse> {
    return this.tasks.claim(id, caller);
  }

  @Post(':id/assign')
  @HttpCode(200)
  @Roles(...TASK_ASSIGNERS)
  @ApiOkResponse({ type: TaskResponse })
  @ApiErrors(400, 403, 404, 409)
  assign(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: AssignTaskDto,
    @CurrentUser() caller: AuthUser,
  ): Promise<TaskResponse> {
    return this.tasks.assign(id, body.assigneeId, caller);
  }

  @Post(':id/complete')
  @HttpCode(200)
  @ApiOkResponse({ type: TaskResponse })
  @ApiErrors(400, 403, 404, 409)
  complete(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: CompleteTaskDto,
    @CurrentUser() caller: AuthUser,
  ): Promise<TaskResponse> {
    return this.tasks.complete(id, body, caller);
  }
}
