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
  Req,
  StreamableFile,
} from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Request } from 'express';
import { Readable } from 'node:stream';
import { AuthUser, CurrentUser } from '#server/auth/auth-user';
import { ApiError } from '#server/common/api-error';
import { ApiAuthenticated, ApiErrors } from '#server/common/api-responses';
import { PageQuery } from '#server/common/pagination';
import {
  ChangeClientStatusDto,
  ClientFilterQuery,
  CreateClientDto,
  ImportClientsQuery,
  ListClientsQuery,
  TimelineQuery,
  UpdateClientDto,
} from './client.dto';
import { ClientCardResponse, TimelinePage } from './client-card.response';
import { ClientCardService } from './client-card.service';
import { CSV_COLUMNS } from './client-csv';
import { ClientCsvService } from './client-csv.service';
import { ClientPage, ClientResponse, ImportReportResponse } from './client.response';
import { ClientsService } from './clients.service';

@ApiTags('clients')
@ApiAuthenticated()
@Controller('clients')
export class ClientsController {
  constructor(
    private readonly clients: ClientsService,
    private readonly cards: ClientCardService,
    private readonly csv: ClientCsvService,
  ) {}

  @Post()
  @ApiCreatedResponse({ type: ClientResponse })
  @ApiErrors(400, 403, 404)
  create(@Body() body: CreateClientDto, @CurrentUser() caller: AuthUser): Promise<ClientResponse> {
    return this.clients.create(body, caller);
  }

  @Get()
  @ApiOkResponse({ type: ClientPage })
  @ApiErrors(400)
  list(@Query() query: ListClientsQuery, @CurrentUser() caller: AuthUser): Promise<ClientPage> {
    return this.clients.list(query, caller);
  }

  @Post('import')
  @HttpCode(HttpStatus.OK)
  @ApiConsumes('text/csv')
  @ApiBody({
    description: `CSV with the header ${CSV_COLUMNS.join(',')}; emails, phones and tags separated by ";"`,
    schema: { type: 'string' },
  })
  @ApiOkResponse({ type: ImportReportResponse })
  @ApiErrors(400, 403, 415)
  import(
    @Req() request: Request,
    @Body() body: unknown,
    @Query() query: ImportClientsQuery,
    @CurrentUser() caller: AuthUser,
  ): Promise<ImportReportResponse> {
    if (!request.is('text/csv') || typeof body !== 'string') {
      throw new ApiError(
        HttpStatus.UNSUPPORTED_MEDIA_TYPE,
        'UNSUPPORTED_MEDIA_TYPE',
        'Send the CSV as the request body with Content-Type: text/csv',
      );
    }
    return this.csv.import(
      body,
      { dryRun: query.dryRun ?? false, skipInvalid: query.skipInvalid ?? false },
      caller,
    );
  }

  // Declared before ':id' so that Express does not take "export.csv" for a client id.
  @Get('export.csv')
  @ApiOkResponse({
    description: 'The clients the caller may read, one CSV row each, with a header row',
    content: { 'text/csv': { schema: { type: 'string' } } },
  })
  @ApiErrors(400)
  async export(
    @Query() query: ClientFilterQuery,
    @CurrentUser() caller: AuthUser,
  ): Promise<StreamableFile> {
    const lines = await this.csv.export(query, caller);
    return new StreamableFile(Readable.from(lines), {
      type: 'text/csv; charset=utf-8',
      disposition: 'attachment; filename="clients.csv"',
    });
  }

  @Get(':id')
  @ApiOkResponse({ type: ClientResponse })
  @ApiErrors(400, 404)
  get(
    @Param('id', ParseUUIDPipe) id: string,
    @CurrentUser() caller: AuthUser,
  ): Promise<ClientResponse> {
    return this.clients.get(id, caller);
  }

  @Patch(':id')
  @ApiOkResponse({ type: ClientResponse })
  @ApiErrors(400, 403, 404)
  update(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: UpdateClientDto,
    @CurrentUser() caller: AuthUser,
  ): Promise<ClientResponse> {
    return this.clients.update(id, body, caller);
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiErrors(400, 403, 404, 409)
  remove(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() caller: AuthUser): Promise<void> {
    return this.clients.remove(id, caller);
  }

  @Post(':id/status')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: ClientResponse })
  @ApiErrors(400, 403, 404, 422)
  changeStatus(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: ChangeClientStatusDto,
    @CurrentUser() caller: AuthUser,
  ): Promise<ClientResponse> {
    return this.clients.changeStatus(id, body, caller);
  }

  @Get(':id/contacts')
  @ApiOkResponse({ type: ClientPage })
  @ApiErrors(400, 404)
  contacts(
    @Param('id', ParseUUIDPipe) id: string,
    @Query() query: PageQuery,
    @CurrentUser() caller: AuthUser,
  ): Promise<ClientPage> {
    return this.clients.contacts(id, query, caller);
  }

  @Get(':id/card')
  @ApiOkResponse({ type: ClientCardResponse })
  @ApiErrors(400, 404)
  card(
    @Param('id', ParseUUIDPipe) id: string,
    @Query() query: TimelineQuery,
    @CurrentUser() caller: AuthUser,
  ): Promise<ClientCardResponse> {
    return this.cards.card(id, query, caller);
  }

  @Get(':id/timeline')
  @ApiOkResponse({ type: TimelinePage })
  @ApiErrors(400, 404)
  timeline(
    @Param('id', ParseUUIDPipe) id: string,
    @Query() query: TimelineQuery,
    @CurrentUser() caller: AuthUser,
  ): Promise<TimelinePage> {
    return this.cards.timeline(id, query, caller);
  }
}
