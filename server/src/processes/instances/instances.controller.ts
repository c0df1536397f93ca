import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Query,
  Res,
} from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { AuthUser, CurrentUser, Roles } from '#server/auth/auth-user';
import { INSTANCE_OPERATORS } from '#server/common/access/access-rules';
import { ApiAuthenticated, ApiErrors } from '#server/common/api-responses';
import {
  CancelInstanceDto,
  ChangeVariablesDto,
  ListInstancesQuery,
  StartInstanceDto,
} from './instance.dto';
import { MigrateInstancesDto, MigrationResponse } from './instance-migration.dto';
import { InstanceMigrationService } from './instance-migration.service';
import { InstanceCardResponse, InstancePage } from './instance.response';
import { InstancesService } from './instances.service';

@ApiTags('process instances')
@ApiAuthenticated()
@Controller('process-instances')
export class InstancesController {
  constructor(
    private readonly instances: InstancesService,
    private readonly migration: InstanceMigrationService,
  ) {}

  @Post()
  @ApiCreatedResponse({ type: InstanceCardResponse, description: 'Started' })
  @ApiAcceptedResponse({
    type: InstanceCardResponse,
    description:
      'Recorded with status `starting`: Temporal did not answer in time, the instance starts once it does (its live room tells); do not send the start again',
  })
  @ApiErrors(400, 403, 404, 503)
  async start(
    @Body() body: StartInstanceDto,
    @CurrentUser() caller: AuthUser,
    @Res({ passthrough: true }) response: Response,
  ): Promise<InstanceCardResponse> {
    const card = await this.instances.start(body, caller);
    if (card.status === 'starting') response.status(HttpStatus.ACCEPTED);
    return card;
  }

  @Post('migrate')
  @HttpCode(200)
  @Roles(...INSTANCE_OPERATORS)
  @ApiOperation({
    summary: 'Move running instances to another version of their process',
    description:
      'Element ids are rewritten by `mapping` (unnamed elements keep theirs). Refused with 409 ' +
      'and the affected instances and elements when a token would stay on an element the ' +
      'target version lacks; then nothing moves.',
  })
  @ApiOkResponse({ type: MigrationResponse })
  @ApiErrors(400, 403, 404, 409, 503)
  migrate(
    @Body() body: MigrateInstancesDto,
    @CurrentUser() caller: AuthUser,
  ): Promise<MigrationResponse> {
    return this.migration.migrate(body, caller);
  }

  @Get()
  @ApiOkResponse({ type: InstancePage })
  @ApiErrors(400)
  list(@Query() query: ListInstancesQuery, @CurrentUser() caller: AuthUser): Promise<InstancePage> {
    return this.instances.list(query, caller);
  }

  @Get(':id')
  @ApiOkResponse({ type: InstanceCardResponse })
  @ApiErrors(400, 404)
  card(
    @Param('id', ParseUUIDPipe) id: string,
    @CurrentUser() caller: AuthUser,
  ): Promise<InstanceCardResponse> {
    return this.instances.card(id, caller);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @Roles(...INSTANCE_OPERATORS)
  @ApiOkResponse({ type: InstanceCardResponse })
  @ApiErrors(400, 403, 404, 409)
  cancel(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: CancelInstanceDto,
    @CurrentUser() caller: AuthUser,
  ): Promise<InstanceCardResponse> {
    return this.instances.cancel(id, body.reason ?? null, caller);
  }

  @Patch(':id/variables')
  @Roles(...INSTANCE_OPERATORS)
  @ApiOkResponse({ type: InstanceCardResponse })
  @ApiErrors(400, 403, 404, 409)
  changeVariables(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: ChangeVariablesDto,
    @CurrentUser() caller: AuthUser,
  ): Promise<InstanceCardResponse> {
    return this.instances.changeVariables(id, body, caller);
  }
}
