import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AuthUser, CurrentUser, Roles } from '#server/auth/auth-user';
import { ApiError } from '#server/common/api-error';
import { ApiAuthenticated, ApiErrors } from '#server/common/api-responses';
import { ListDefinitionsQuery } from './definition.dto';
import {
  DefinitionResponse,
  DeployedDefinitionResponse,
  ListedDefinitionResponse,
} from './definition.response';
import { DefinitionsService } from './definitions.service';
import { HeatmapResponse } from './heatmap.response';
import { HeatmapService } from './heatmap.service';
import { ImpactDto, SimulateDto } from './preview.dto';
import { ChangeImpactResponse, SimulationResponse } from './preview.response';
import { PreviewService } from './preview.service';

@ApiTags('process definitions')
@ApiAuthenticated()
@Controller('process-definitions')
export class DefinitionsController {
  constructor(
    private readonly definitions: DefinitionsService,
    private readonly preview: PreviewService,
    private readonly heatmaps: HeatmapService,
  ) {}

  @Post()
  @Roles('analyst', 'admin')
  @ApiConsumes('application/xml', 'text/xml')
  @ApiBody({ description: 'BPMN 2.0 XML', schema: { type: 'string' } })
  @ApiCreatedResponse({ type: DeployedDefinitionResponse, description: 'A new version' })
  @ApiOkResponse({
    type: DeployedDefinitionResponse,
    description: 'Identical to the latest version of its key, which is answered (`created: false`)',
  })
  @ApiErrors(400, 403, 415)
  async deploy(
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
    @Body() body: unknown,
    @CurrentUser() caller: AuthUser,
  ): Promise<DeployedDefinitionResponse> {
    if (!request.is(['application/xml', 'text/xml']) || typeof body !== 'string') {
      throw new ApiError(
        HttpStatus.UNSUPPORTED_MEDIA_TYPE,
        'UNSUPPORTED_MEDIA_TYPE',
        'Send the BPMN XML as the request body with Content-Type: application/xml',
      );
    }
    const deployed = await this.definitions.deploy(body, caller.id);
    response.status(deployed.created ? HttpStatus.CREATED : HttpStatus.OK);
    return deployed;
  }

  @Post('simulate')
  @HttpCode(HttpStatus.OK)
  @Roles('analyst', 'admin')
  @ApiOperation({
    summary: 'Dry run: the diagram on the engine in memory, with scripted answers',
    description:
      'Compiles the XML as a deploy would (400 BPMN_INVALID with element ids), then runs it without Temporal and without writing anything: scripted user tasks complete first, in the order they opened; else the timer due first fires (simulated time moves on by its duration) unless the script holds it. ' +
      'A call activity runs the process it calls as a real start would find it (the pinned version, else the latest deployed; a call of the simulated key without a version runs the diagram itself): its inputs go in, it runs in the same dry run with the same script, and its outputs (or its error, to the boundary events) come back. Each called instance is reported nested under the call that started it, in `calls` (elementId = the call activity, processKey, version, and its own status, path, effects, steps, waitingFor and calls); steps are numbered across all instances in the order they ran. ' +
      'In the script, an element of a called process is named by its id, or as `processKey/elementId` when ids repeat across the processes (the qualified name wins there). ' +
      'A call the run reaches whose process or version is not deployed: 400 CALLED_PROCESS_NOT_DEPLOYED; called instances nested deeper than 10 (a process calling itself without end): 400 SIMULATION_CALL_DEPTH_EXCEEDED; both name the call activity in details.',
  })
  @ApiOkResponse({ type: SimulationResponse })
  @ApiErrors(400, 403)
  simulate(@Body() body: SimulateDto): Promise<SimulationResponse> {
    return this.preview.simulate(body.bpmnXml, body.variables ?? {}, body.script ?? {});
  }

  @Post('impact')
  @HttpCode(HttpStatus.OK)
  @Roles('analyst', 'admin')
  @ApiOperation({
    summary: 'Change impact of a would-be next version on the running instances of its key',
    description:
      'Where the running instances wait (from their instance events: an element started and not yet completed, per token), which of those elements the new XML lacks or runs as another kind, and which instances would need a migration mapping.',
  })
  @ApiOkResponse({ type: ChangeImpactResponse })
  @ApiErrors(400, 403)
  impact(@Body() body: ImpactDto): Promise<ChangeImpactResponse> {
    return this.preview.impact(body.bpmnXml);
  }

  @Get()
  @ApiOkResponse({ type: ListedDefinitionResponse, isArray: true })
  @ApiErrors(400)
  list(@Query() query: ListDefinitionsQuery): Promise<ListedDefinitionResponse[]> {
    return this.definitions.list(query.key);
  }

  @Get(':id')
  @ApiOkResponse({ type: DefinitionResponse })
  @ApiErrors(400, 404)
  get(@Param('id', ParseUUIDPipe) id: string): Promise<DefinitionResponse> {
    return this.definitions.get(id);
  }

  @Get(':id/heatmap')
  @ApiOperation({
    summary: 'Where the live instances of this version wait, and for how long',
    description:
      'Per element, from the instance events of the running and incident instances of this version that you may read: tokens there now, visits, and the average time of a visit (an open one counts until now).',
  })
  @ApiOkResponse({ type: HeatmapResponse })
  @ApiErrors(400, 404)
  heatmap(
    @Param('id', ParseUUIDPipe) id: string,
    @CurrentUser() caller: AuthUser,
  ): Promise<HeatmapResponse> {
    return this.heatmaps.heatmap(id, caller);
  }
}
