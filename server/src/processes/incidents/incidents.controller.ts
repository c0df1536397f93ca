import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser, Roles } from '#server/auth/auth-user';
import { INSTANCE_OPERATORS } from '#server/common/access/access-rules';
import { ApiAuthenticated, ApiErrors } from '#server/common/api-responses';
import { InstanceCardResponse } from '../instances/instance.response';
import { ListIncidentsQuery } from './incident.dto';
import { IncidentPage } from './incident.response';
import { IncidentsService } from './incidents.service';

@ApiTags('incidents')
@ApiAuthenticated()
@Controller()
export class IncidentsController {
  constructor(private readonly incidents: IncidentsService) {}

  @Get('incidents')
  @ApiOperation({ summary: 'Incidents of the process instances you may read' })
  @ApiOkResponse({ type: IncidentPage })
  @ApiErrors(400)
  list(@Query() query: ListIncidentsQuery, @CurrentUser() caller: AuthUser): Promise<IncidentPage> {
    return this.incidents.list(query, caller);
  }

  @Post('process-instances/:id/incidents/:incidentId/retry')
  @HttpCode(200)
  @Roles(...INSTANCE_OPERATORS)
  @ApiOperation({
    summary: 'Retry the step an open incident holds',
    description:
      'Applies the held step again with the variables as they are now (change them first with PATCH variables). Answers the card once the step ran: running again, or a new incident when it fails again.',
  })
  @ApiOkResponse({ type: InstanceCardResponse })
  @ApiErrors(400, 403, 404, 409, 503)
  retry(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('incidentId', ParseUUIDPipe) incidentId: string,
    @CurrentUser() caller: AuthUser,
  ): Promise<InstanceCardResponse> {
    return this.incidents.retry(id, incidentId, caller);
  }
}
