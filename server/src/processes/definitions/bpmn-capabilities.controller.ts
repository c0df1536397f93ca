import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { BPMN_CAPABILITIES } from '#workflows/bpmn/capabilities';
import { ApiAuthenticated } from '#server/common/api-responses';
import { FLOWCARD_CONFIG, FlowcardConfig } from '#server/common/config';
import { BpmnCapabilitiesResponse } from './bpmn-capabilities.response';

/**
 * What the compiler accepts, read from its own rules, and the limits this server deploys with:
 * the modeler builds its palette from it and lints with the same limits as the deploy.
 */
@ApiTags('process definitions')
@ApiAuthenticated()
@Controller('bpmn')
export class BpmnCapabilitiesController {
  constructor(@Inject(FLOWCARD_CONFIG) private readonly config: FlowcardConfig) {}

  @Get('capabilities')
  @ApiOkResponse({ type: BpmnCapabilitiesResponse })
  capabilities(): BpmnCapabilitiesResponse {
    return { ...BPMN_CAPABILITIES, maxTimerMs: this.config.maxTimerMs };
  }
}
