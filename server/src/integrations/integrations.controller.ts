import { Body, Controller, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser, Roles } from '../auth/auth-user';
import { ApiAuthenticated, ApiErrors } from '../common/api-responses';
import { Delivery, SignedDelivery, SignedHook } from './hook-signature.guard';
import { LeadHookDto, TelephonyHookDto } from './hook.dto';
import { UpdateIntegrationDto } from './integration.dto';
import {
  IntegrationPage,
  IntegrationResponse,
  LeadOutcomeResponse,
  RotatedSecretResponse,
  TelephonyOutcomeResponse,
} from './integration.response';
import { IntegrationsService } from './integrations.service';
import { LeadHookService } from './lead-hook.service';
import { TelephonyHookService } from './telephony-hook.service';

/**
 * Inbound requests of outside systems, signed with their integration's secret instead of a
 * token: 401 for a bad or stale signature, 403 for a disabled integration, 409 for a replay.
 */
@ApiTags('hooks')
@ApiErrors(400, 401, 403, 409, 429)
@Controller('hooks')
export class HooksController {
  constructor(
    private readonly leads: LeadHookService,
    private readonly telephony: TelephonyHookService,
  ) {}

  @SignedHook('lead')
  @Post('lead')
  @HttpCode(200)
  @ApiOkResponse({ type: LeadOutcomeResponse })
  lead(
    @Body() body: LeadHookDto,
    @Delivery() delivery: SignedDelivery,
  ): Promise<LeadOutcomeResponse> {
    return this.leads.receive(delivery, body);
  }

  @SignedHook('telephony')
  @Post('telephony')
  @HttpCode(200)
  @ApiOkResponse({ type: TelephonyOutcomeResponse })
  call(
    @Body() body: TelephonyHookDto,
    @Delivery() delivery: SignedDelivery,
  ): Promise<TelephonyOutcomeResponse> {
    return this.telephony.receive(delivery, body);
  }
}

@ApiTags('integrations')
@ApiAuthenticated()
@ApiErrors(403)
@Roles('admin')
@Controller('integrations')
export class IntegrationsController {
  constructor(private readonly integrations: IntegrationsService) {}

  @Get()
  @ApiOkResponse({ type: IntegrationPage, description: 'Every integration, on one page' })
  list(): Promise<IntegrationPage> {
    return this.integrations.list();
  }

  @Patch(':key')
  @ApiOkResponse({ type: IntegrationResponse })
  @ApiErrors(400, 404)
  update(
    @Param('key') key: string,
    @Body() body: UpdateIntegrationDto,
    @CurrentUser() caller: AuthUser,
  ): Promise<IntegrationResponse> {
    return this.integrations.update(key, body, caller);
  }

  @Post(':key/rotate')
  @HttpCode(200)
  @ApiOkResponse({ type: RotatedSecretResponse })
  @ApiErrors(404)
  rotate(
    @Param('key') key: string,
    @CurrentUser() caller: AuthUser,
  ): Promise<RotatedSecretResponse> {
    return this.integrations.rotate(key, caller);
  }
}
