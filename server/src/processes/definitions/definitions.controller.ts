import {
  Body,
  Controller,
  Get,
  HttpStatus,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AuthUser, CurrentUser, Roles } from '../../auth/auth-user';
import { ApiError } from '../../common/api-error';
import { ApiAuthenticated, ApiErrors } from '../../common/api-responses';
import { ListDefinitionsQuery } from './definition.dto';
import {
  DefinitionResponse,
  DefinitionSummaryResponse,
  DeployedDefinitionResponse,
} from './definition.response';
import { DefinitionsService } from './definitions.service';

@ApiTags('process definitions')
@ApiAuthenticated()
@Controller('process-definitions')
export class DefinitionsController {
  constructor(private readonly definitions: DefinitionsService) {}

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

  @Get()
  @ApiOkResponse({ type: DefinitionSummaryResponse, isArray: true })
  @ApiErrors(400)
  list(@Query() query: ListDefinitionsQuery): Promise<DefinitionSummaryResponse[]> {
    return this.definitions.list(query.key);
  }

  @Get(':id')
  @ApiOkResponse({ type: DefinitionResponse })
  @ApiErrors(400, 404)
  get(@Param('id', ParseUUIDPipe) id: string): Promise<DefinitionResponse> {
    return this.definitions.get(id);
  }
}
