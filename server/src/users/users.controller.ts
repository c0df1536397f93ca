import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser, Roles } from '../auth/auth-user';
import { CreateUserDto, ListUsersQuery, UpdateUserDto } from './user.dto';
import { UsersService } from './users.service';

@ApiTags('users')
@ApiBearerAuth()
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  /** Any signed-in user: the people to pick an assignee or owner from. */
  @Get()
  list(@Query() query: ListUsersQuery) {
    return this.users.list(query);
  }

  @Roles('admin')
  @Get(':id')
  get(@Param('id', ParseUUIDPipe) id: string) {
    return this.users.get(id);
  }

  @Roles('admin')
  @Post()
  create(@Body() body: CreateUserDto, @CurrentUser() caller: AuthUser) {
    return this.users.create(body, caller);
  }

  @Roles('admin')
  @Patch(':id')
  update(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: UpdateUserDto,
    @CurrentUser() caller: AuthUser,
  ) {
    return this.users.update(id, body, caller);
  }
}
