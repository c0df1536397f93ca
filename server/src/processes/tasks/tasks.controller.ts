import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser, Roles } from '../../auth/auth-user';
import { TASK_ASSIGNERS } from '../../common/access/access-policy.service';
import { AssignTaskDto, CompleteTaskDto, ListTasksQuery } from './task.dto';
import { TasksService } from './tasks.service';

@ApiTags('tasks')
@ApiBearerAuth()
@Controller('tasks')
export class TasksController {
  constructor(private readonly tasks: TasksService) {}

  @Get()
  list(@Query() query: ListTasksQuery, @CurrentUser() caller: AuthUser) {
    return this.tasks.list(query, caller);
  }

  @Get(':id')
  get(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() caller: AuthUser) {
    return this.tasks.get(id, caller);
  }

  @Post(':id/claim')
  @HttpCode(200)
  claim(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() caller: AuthUser) {
    return this.tasks.claim(id, caller);
  }

  @Post(':id/assign')
  @HttpCode(200)
  @Roles(...TASK_ASSIGNERS)
  assign(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: AssignTaskDto,
    @CurrentUser() caller: AuthUser,
  ) {
    return this.tasks.assign(id, body.assigneeId, caller);
  }

  @Post(':id/complete')
  @HttpCode(200)
  complete(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: CompleteTaskDto,
    @CurrentUser() caller: AuthUser,
  ) {
    return this.tasks.complete(id, body, caller);
  }
}
