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
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser, Roles } from '../auth/auth-user';
import { ApiAuthenticated, ApiErrors } from '../common/api-responses';
import { CreateTeamDto, ListTeamsQuery, SetSupervisorsDto, UpdateTeamDto } from './team.dto';
import { TeamPage, TeamResponse } from './team.response';
import { TeamsService } from './teams.service';

@ApiTags('teams')
@ApiAuthenticated()
@ApiErrors(403)
@Roles('admin')
@Controller('teams')
export class TeamsController {
  constructor(private readonly teams: TeamsService) {}

  @Get()
  @ApiOkResponse({ type: TeamPage })
  @ApiErrors(400)
  list(@Query() query: ListTeamsQuery): Promise<TeamPage> {
    return this.teams.list(query);
  }

  @Get(':id')
  @ApiOkResponse({ type: TeamResponse })
  @ApiErrors(400, 404)
  get(@Param('id', ParseUUIDPipe) id: string): Promise<TeamResponse> {
    return this.teams.get(id);
  }

  @Post()
  @ApiCreatedResponse({ type: TeamResponse })
  @ApiErrors(400, 409)
  create(@Body() body: CreateTeamDto, @CurrentUser() caller: AuthUser): Promise<TeamResponse> {
    return this.teams.create(body, caller);
  }

  @Patch(':id')
  @ApiOkResponse({ type: TeamResponse })
  @ApiErrors(400, 404, 409)
  update(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: UpdateTeamDto,
    @CurrentUser() caller: AuthUser,
  ): Promise<TeamResponse> {
    return this.teams.update(id, body, caller);
  }

  @Put(':id/supervisors')
  @ApiOkResponse({ type: TeamResponse })
  @ApiErrors(400, 404)
  setSupervisors(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: SetSupervisorsDto,
    @CurrentUser() caller: AuthUser,
  ): Promise<TeamResponse> {
    return this.teams.setSupervisors(id, body.userIds, caller);
  }
}
