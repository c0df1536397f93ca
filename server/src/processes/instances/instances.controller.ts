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
import { AuthUser, CurrentUser, Roles } from '../../auth/auth-user';
import { INSTANCE_OPERATORS } from '../../common/access/access-policy.service';
import {
  CancelInstanceDto,
  ChangeVariablesDto,
  ListInstancesQuery,
  StartInstanceDto,
} from './instance.dto';
import { InstancesService } from './instances.service';

@ApiTags('process instances')
@ApiBearerAuth()
@Controller('process-instances')
export class InstancesController {
  constructor(private readonly instances: InstancesService) {}

  @Post()
  start(@Body() body: StartInstanceDto, @CurrentUser() caller: AuthUser) {
    return this.instances.start(body, caller);
  }

  @Get()
  list(@Query() query: ListInstancesQuery, @CurrentUser() caller: AuthUser) {
    return this.instances.list(query, caller);
  }

  @Get(':id')
  card(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() caller: AuthUser) {
    return this.instances.card(id, caller);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @Roles(...INSTANCE_OPERATORS)
  cancel(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: CancelInstanceDto,
    @CurrentUser() caller: AuthUser,
  ) {
    return this.instances.cancel(id, body.reason ?? null, caller);
  }

  @Patch(':id/variables')
  @Roles(...INSTANCE_OPERATORS)
  changeVariables(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: ChangeVariablesDto,
    @CurrentUser() caller: AuthUser,
  ) {
    return this.instances.changeVariables(id, body, caller);
  }
}
