import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser, Roles } from '../../auth/auth-user';
import { StatusTransitionDto } from './client-status.dto';
import { ClientStatusesService } from './client-statuses.service';

@ApiTags('clients')
@ApiBearerAuth()
@Controller('client-statuses')
export class ClientStatusesController {
  constructor(private readonly statuses: ClientStatusesService) {}

  @Get()
  list() {
    return this.statuses.list();
  }

  @Post('transitions')
  @Roles('admin')
  addTransition(@Body() body: StatusTransitionDto, @CurrentUser() caller: AuthUser) {
    return this.statuses.addTransition(body, caller);
  }

  @Delete('transitions/:fromStatus/:toStatus')
  @Roles('admin')
  @HttpCode(HttpStatus.NO_CONTENT)
  removeTransition(
    @Param('fromStatus') fromStatus: string,
    @Param('toStatus') toStatus: string,
    @CurrentUser() caller: AuthUser,
  ) {
    return this.statuses.removeTransition(fromStatus, toStatus, caller);
  }
}
