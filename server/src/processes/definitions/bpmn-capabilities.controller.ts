import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { BPMN_CAPABILITIES } from '#workflows/bpmn/capabilities';
import { ApiAuthenticated } from '#server/common/api-responses';
import { BpmnCapabilitiesResponse } from './bpmn-capabilities.response';

/** What the compiler accepts, read from its own rules: the modeler builds its palette from it. */
@ApiTags('process definitions')
@ApiAuthenticated()
@Controller('bpmn')
export class BpmnCapabilitiesController {
  @Get('capabilities')
  @ApiOkResponse({ type: BpmnCapabilitiesResponse })
  capabilities(): BpmnCapabilitiesResponse {
    return BPMN_CAPABILITIES;
  }
}
