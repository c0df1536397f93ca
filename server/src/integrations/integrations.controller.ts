import { Body, Controller, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser, Roles } from '../auth/auth-user';
import { Delivery, SignedDelivery, SignedHook } from './hook-signature.guard';
import { LeadHookDto, TelephonyHookDto } from './hook.dto';
import { UpdateIntegrationDto } from './integration.dto';
import { IntegrationsService } from './integrations.service';
import { LeadHookService } from './lead-hook.service';
import { TelephonyHookService } from './telephony-hook.service';

/** Inbound requests of outside systems, signed with their integration's secret instead of a token. */
@ApiTags('hooks')
@Controller('hooks')
export class HooksController {
  constructor(
    private readonly leads: LeadHookService,
    private readonly telephony: TelephonyHookService,
  ) {}

  @SignedHook('lead')
  @Post('lead')
  @HttpCode(200)
  lead(@Body() body: LeadHookDto, @Delivery() delivery: SignedDelivery) {
    return this.leads.receive(delivery, body);
  }

  @SignedHook('telephony')
  @Post('telephony')
  @HttpCode(200)
  call(@Body() body: TelephonyHookDto, @Delivery() delivery: SignedDelivery) {
    return this.telephony.receive(delivery, body);
  }
}

@ApiTags('integrations')
@ApiBearerAuth()
@Roles('admin')
@Controller('integrations')
export class IntegrationsController {
  constructor(private readonly integrations: IntegrationsService) {}

  @Get()
  list() {
    return this.integrations.list();
  }

  @Patch(':key')
  update(
    @Param('key') key: string,
    @Body() body: UpdateIntegrationDto,
    @CurrentUser() caller: AuthUser,
  ) {
    return this.integrations.update(key, body, caller);
  }

  @Post(':key/rotate')
  @HttpCode(200)
  rotate(@Param('key') key: string, @CurrentUser() caller: AuthUser) {
    return this.integrations.rotate(key, caller);
  }
}
