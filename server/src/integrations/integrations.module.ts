import { Module } from '@nestjs/common';
import { HookSignatureGuard } from './hook-signature.guard';
import { HookThrottle } from './hook-throttle';
import { HooksController, IntegrationsController } from './integrations.controller';
import { IntegrationsService } from './integrations.service';
import { LeadHookService } from './lead-hook.service';
import { TelephonyHookService } from './telephony-hook.service';

/** The signed inbound hooks (web-form leads, telephony) and their settings. */
@Module({
  controllers: [HooksController, IntegrationsController],
  providers: [
    HookSignatureGuard,
    HookThrottle,
    IntegrationsService,
    LeadHookService,
    TelephonyHookService,
  ],
})
export class IntegrationsModule {}
