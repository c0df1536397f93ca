import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiAuthenticated, ApiErrors } from '#server/common/api-responses';
import { AuthUser, CurrentUser, Roles } from '#server/auth/auth-user';
import { CreateClientStatusDto, StatusTransitionDto } from './client-status.dto';
import { ClientStatusesService } from './client-statuses.service';
import {
  ClientStatusesResponse,
  ClientStatusResponse,
  ClientStatusTransitionResponse,
} from './client.response';

@ApiTags('clients')
@ApiAuthenticated()
@Controller('client-statuses')
export class ClientStatusesController {
  constructor(private readonly statuses: ClientStatusesService) {}

  @Get()
  @ApiOkResponse({ type: ClientStatusesResponse })
  list(): Promise<ClientStatusesResponse> {
    return this.statuses.list();
  }

  @Post()
  @Roles('admin')
  @ApiCreatedResponse({ type: ClientStatusResponse })
  @ApiErrors(400, 403, 409)
  create(
    @Body() body: CreateClientStatusDto,
    @CurrentUser() caller: AuthUser,
  ): Promise<ClientStatusResponse> {
    return this.statuses.createStatus(body, caller);
  }

  @Post('transitions')
  @Roles('admin')
  @ApiCreatedResponse({ type: ClientStatusTransitionResponse })
  @ApiErrors(400, 403, 409)
  addTransition(
    @Body() body: StatusTransitionDto,
    @CurrentUser() caller: AuthUser,
  ): Promise<ClientStatusTransitionResponse> {
    return this.statuses.addTransition(body, caller);
  }

  @Delete('transitions/:fromStatus/:toStatus')
  @Roles('admin')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'Removed' })
  @ApiErrors(403, 404)
  removeTransition(
    @Param('fromStatus') fromStatus: string,
    @Param('toStatus') toStatus: string,
    @CurrentUser() caller: AuthUser,
  ): Promise<void> {
    return this.statuses.removeTransition(fromStatus, toStatus, caller);
  }
}
