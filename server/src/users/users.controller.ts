import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser, Roles } from '../auth/auth-user';
import { ApiAuthenticated, ApiErrors } from '../common/api-responses';
import { CreateUserDto, ListUsersQuery, UpdateUserDto } from './user.dto';
import { UserDetailsResponse, UserSummaryPage } from './user.response';
import { UsersService } from './users.service';

@ApiTags('users')
@ApiAuthenticated()
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  /**
   * Any signed-in user: the people to pick an assignee or owner from; with `readable=true`
   * those whose records (a calendar) the caller may read, as AccessPolicy says.
   */
  @Get()
  @ApiOkResponse({ type: UserSummaryPage })
  @ApiErrors(400)
  list(@Query() query: ListUsersQuery, @CurrentUser() caller: AuthUser): Promise<UserSummaryPage> {
    return this.users.list(query, caller);
  }

  @Roles('admin')
  @Get(':id')
  @ApiOkResponse({ type: UserDetailsResponse })
  @ApiErrors(400, 403, 404)
  get(@Param('id', ParseUUIDPipe) id: string): Promise<UserDetailsResponse> {
    return this.users.get(id);
  }

  @Roles('admin')
  @Post()
  @ApiCreatedResponse({ type: UserDetailsResponse })
  @ApiErrors(400, 403, 409)
  create(
    @Body() body: CreateUserDto,
    @CurrentUser() caller: AuthUser,
  ): Promise<UserDetailsResponse> {
    return this.users.create(body, caller);
  }

  @Roles('admin')
  @Patch(':id')
  @ApiOkResponse({ type: UserDetailsResponse })
  @ApiErrors(400, 403, 404, 409)
  update(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: UpdateUserDto,
    @CurrentUser() caller: AuthUser,
  ): Promise<UserDetailsResponse> {
    return this.users.update(id, body, caller);
  }
}
