import {
  Body,
  Controller,
  Get,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Put,
  Query,
} from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser, Roles } from '../auth/auth-user';
import { CreateTeamDto, ListTeamsQuery, SetSupervisorsDto, UpdateTeamDto } from './team.dto';
import { TeamsService } from './teams.service';

@ApiTags('teams')
@ApiBearerAuth()
@Roles('admin')
@Controller('teams')
export class TeamsController {
  constructor(private readonly teams: TeamsService) {}

  @Get()
  list(@Query() query: ListTeamsQuery) {
    return this.teams.list(query);
  }

  @Get(':id')
  get(@Param('id', ParseUUIDPipe) id: string) {
    return this.teams.get(id);
  }

  @Post()
  create(@Body() body: CreateTeamDto, @CurrentUser() caller: AuthUser) {
    return this.teams.create(body, caller);
  }

  @Patch(':id')
  update(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: UpdateTeamDto,
    @CurrentUser() caller: AuthUser,
  ) {
    return this.teams.update(id, body, caller);
  }

  @Put(':id/supervisors')
  setSupervisors(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: SetSupervisorsDto,
    @CurrentUser() caller: AuthUser,
  ) {
    return this.teams.setSupervisors(id, body.userIds, caller);
  }
}
