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
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '../../auth/auth-user';
import {
  CalendarQuery,
  CancelActivityDto,
  CompleteActivityDto,
  CreateActivityDto,
  ListActivitiesQuery,
  UpdateActivityDto,
} from './activity.dto';
import { ActivitiesService } from './activities.service';

/** Who may read and change an activity follows its assignee, else its client's owner. */
@ApiTags('activities')
@ApiBearerAuth()
@Controller('activities')
export class ActivitiesController {
  constructor(private readonly activities: ActivitiesService) {}

  @Post()
  create(@Body() body: CreateActivityDto, @CurrentUser() caller: AuthUser) {
    return this.activities.create(body, caller);
  }

  @Get()
  list(@Query() query: ListActivitiesQuery, @CurrentUser() caller: AuthUser) {
    return this.activities.list(query, caller);
  }

  @Get(':id')
  get(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() caller: AuthUser) {
    return this.activities.get(id, caller);
  }

  @Patch(':id')
  update(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: UpdateActivityDto,
    @CurrentUser() caller: AuthUser,
  ) {
    return this.activities.update(id, body, caller);
  }

  @Post(':id/complete')
  @HttpCode(200)
  complete(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: CompleteActivityDto,
    @CurrentUser() caller: AuthUser,
  ) {
    return this.activities.complete(id, body, caller);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  cancel(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() _body: CancelActivityDto,
    @CurrentUser() caller: AuthUser,
  ) {
    return this.activities.cancel(id, caller);
  }
}

@ApiTags('activities')
@ApiBearerAuth()
@Controller('calendar')
export class CalendarController {
  constructor(private readonly activities: ActivitiesService) {}

  /** A user's planned calls, meetings and tasks in [from, to); at most 92 days. */
  @Get()
  calendar(@Query() query: CalendarQuery, @CurrentUser() caller: AuthUser) {
    return this.activities.calendar(query, caller);
  }
}
