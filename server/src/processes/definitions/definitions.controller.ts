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
} from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { AuthUser, CurrentUser, Roles } from '../../auth/auth-user';
import { ApiError } from '../../common/api-error';
import { ListDefinitionsQuery } from './definition.dto';
import { DefinitionsService } from './definitions.service';

@ApiTags('process definitions')
@ApiBearerAuth()
@Controller('process-definitions')
export class DefinitionsController {
  constructor(private readonly definitions: DefinitionsService) {}

  @Post()
  @Roles('analyst', 'admin')
  @ApiConsumes('application/xml', 'text/xml')
  @ApiBody({ description: 'BPMN 2.0 XML', schema: { type: 'string' } })
  deploy(@Req() request: Request, @Body() body: unknown, @CurrentUser() caller: AuthUser) {
    if (!request.is(['application/xml', 'text/xml']) || typeof body !== 'string') {
      throw new ApiError(
        HttpStatus.UNSUPPORTED_MEDIA_TYPE,
        'UNSUPPORTED_MEDIA_TYPE',
        'Send the BPMN XML as the request body with Content-Type: application/xml',
      );
    }
    return this.definitions.deploy(body, caller.id);
  }

  @Get()
  list(@Query() query: ListDefinitionsQuery) {
    return this.definitions.list(query.key);
  }

  @Get(':id')
  get(@Param('id', ParseUUIDPipe) id: string) {
    return this.definitions.get(id);
  }
}
