import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Query,
} from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '#server/auth/auth-user';
import { ApiAuthenticated, ApiErrors } from '#server/common/api-responses';
import {
  CalendarQuery,
  CancelActivityDto,
  CompleteActivityDto,
  CreateActivityDto,
  ListActivitiesQuery,
  UpdateActivityDto,
} from './activity.dto';
import { ActivityPage, ActivityResponse, CalendarResponse } from './activity.response';
import { ActivitiesService } from './activities.service';

/** Who may read and change an activity follows its assignee, else its client's owner. */
@ApiTags('activities')
@ApiAuthenticated()
@Controller('activities')
export class ActivitiesController {
  constructor(private readonly activities: ActivitiesService) {}

  @Post()
  @ApiCreatedResponse({ type: ActivityResponse })
  @ApiErrors(400, 403, 404)
  create(
    @Body() body: CreateActivityDto,
    @CurrentUser() caller: AuthUser,
  ): Promise<ActivityResponse> {
    return this.activities.create(body, caller);
  }

  @Get()
  @ApiOkResponse({ type: ActivityPage })
  @ApiErrors(400)
  list(
    @Query() query: ListActivitiesQuery,
    @CurrentUser() caller: AuthUser,
  ): Promise<ActivityPage> {
    return this.activities.list(query, caller);
  }

  @Get(':id')
  @ApiOkResponse({ type: ActivityResponse })
  @ApiErrors(400, 404)
  get(
    @Param('id', ParseUUIDPipe) id: string,
    @CurrentUser() caller: AuthUser,
  ): Promise<ActivityResponse> {
    return this.activities.get(id, caller);
  }

  @Patch(':id')
  @ApiOkResponse({ type: ActivityResponse })
  @ApiErrors(400, 403, 404)
  update(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: UpdateActivityDto,
    @CurrentUser() caller: AuthUser,
  ): Promise<ActivityResponse> {
    return this.activities.update(id, body, caller);
  }

  @Post(':id/complete')
  @HttpCode(200)
  @ApiOkResponse({ type: ActivityResponse })
  @ApiErrors(400, 403, 404, 409)
  complete(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: CompleteActivityDto,
    @CurrentUser() caller: AuthUser,
  ): Promise<ActivityResponse> {
    return this.activities.complete(id, body, caller);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @ApiOkResponse({ type: ActivityResponse })
  @ApiErrors(400, 403, 404, 409)
  cancel(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() _body: CancelActivityDto,
    @CurrentUser() caller: AuthUser,
  ): Promise<ActivityResponse> {
    return this.activities.cancel(id, caller);
  }
}

@ApiTags('activities')
@ApiAuthenticated()
@Controller('calendar')
export class CalendarController {
  constructor(private readonly activities: ActivitiesService) {}

  /** A user's planned calls, meetings and tasks in [from, to); at most 92 days. */
  @Get()
  @ApiOkResponse({ type: CalendarResponse })
  @ApiErrors(400, 404)
  calendar(
    @Query() query: CalendarQuery,
    @CurrentUser() caller: AuthUser,
  ): Promise<CalendarResponse> {
    return this.activities.calendar(query, caller);
  }
}
