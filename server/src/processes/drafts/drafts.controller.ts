import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Query,
} from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { AuthUser, CurrentUser, Roles } from '#server/auth/auth-user';
import { PROCESS_MODELERS } from '#server/common/access/access-rules';
import { ApiAuthenticated, ApiErrors } from '#server/common/api-responses';
import { CreateDraftDto, ListDraftsQuery, UpdateDraftDto } from './draft.dto';
import { DraftPage, DraftResponse } from './draft.response';
import { DraftsService } from './drafts.service';

@ApiTags('process drafts')
@ApiAuthenticated()
@ApiErrors(403)
@Roles(...PROCESS_MODELERS)
@Controller('process-drafts')
export class DraftsController {
  constructor(private readonly drafts: DraftsService) {}

  @Get()
  @ApiOperation({ summary: 'Drafts, most recently saved first; without their XML' })
  @ApiOkResponse({ type: DraftPage })
  @ApiErrors(400)
  list(@Query() query: ListDraftsQuery): Promise<DraftPage> {
    return this.drafts.list(query);
  }

  @Get(':id')
  @ApiOkResponse({ type: DraftResponse })
  @ApiErrors(400, 404)
  get(@Param('id', ParseUUIDPipe) id: string): Promise<DraftResponse> {
    return this.drafts.get(id);
  }

  @Post()
  @ApiOperation({ summary: 'Save a diagram as a new draft; it is not compiled' })
  @ApiCreatedResponse({ type: DraftResponse })
  @ApiErrors(400, 413)
  create(@Body() body: CreateDraftDto, @CurrentUser() caller: AuthUser): Promise<DraftResponse> {
    return this.drafts.create(body, caller);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Save over a draft (the modeler autosaves this way)' })
  @ApiOkResponse({ type: DraftResponse })
  @ApiErrors(400, 404, 413)
  update(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: UpdateDraftDto,
    @CurrentUser() caller: AuthUser,
  ): Promise<DraftResponse> {
    return this.drafts.update(id, body, caller);
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiErrors(400, 404)
  async remove(@Param('id', ParseUUIDPipe) id: string): Promise<void> {
    await this.drafts.remove(id);
  }
}
