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
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { Readable } from 'node:stream';
import { AuthUser, CurrentUser } from '../../auth/auth-user';
import { ApiError } from '../../common/api-error';
import { PageQuery } from '../../common/pagination';
import {
  ChangeClientStatusDto,
  ClientFilterQuery,
  CreateClientDto,
  ImportClientsQuery,
  ListClientsQuery,
  TimelineQuery,
  UpdateClientDto,
} from './client.dto';
import { ClientCardService } from './client-card.service';
import { CSV_COLUMNS } from './client-csv';
import { ClientCsvService } from './client-csv.service';
import { ClientsService } from './clients.service';

@ApiTags('clients')
@ApiBearerAuth()
@Controller('clients')
export class ClientsController {
  constructor(
    private readonly clients: ClientsService,
    private readonly cards: ClientCardService,
    private readonly csv: ClientCsvService,
  ) {}

  @Post()
  create(@Body() body: CreateClientDto, @CurrentUser() caller: AuthUser) {
    return this.clients.create(body, caller);
  }

  @Get()
  list(@Query() query: ListClientsQuery, @CurrentUser() caller: AuthUser) {
    return this.clients.list(query, caller);
  }

  @Post('import')
  @HttpCode(HttpStatus.OK)
  @ApiConsumes('text/csv')
  @ApiBody({
    description: `CSV with the header ${CSV_COLUMNS.join(',')}; emails, phones and tags separated by ";"`,
    schema: { type: 'string' },
  })
  import(
    @Req() request: Request,
    @Body() body: unknown,
    @Query() query: ImportClientsQuery,
    @CurrentUser() caller: AuthUser,
  ) {
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
  @ApiProduces('text/csv')
  async export(@Query() query: ClientFilterQuery, @CurrentUser() caller: AuthUser) {
    const lines = await this.csv.export(query, caller);
    return new StreamableFile(Readable.from(lines), {
      type: 'text/csv; charset=utf-8',
      disposition: 'attachment; filename="clients.csv"',
    });
  }

  @Get(':id')
  get(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() caller: AuthUser) {
    return this.clients.get(id, caller);
  }

  @Patch(':id')
  update(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: UpdateClientDto,
    @CurrentUser() caller: AuthUser,
  ) {
    return this.clients.update(id, body, caller);
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  remove(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() caller: AuthUser) {
    return this.clients.remove(id, caller);
  }

  @Post(':id/status')
  @HttpCode(HttpStatus.OK)
  changeStatus(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: ChangeClientStatusDto,
    @CurrentUser() caller: AuthUser,
  ) {
    return this.clients.changeStatus(id, body, caller);
  }

  @Get(':id/contacts')
  contacts(
    @Param('id', ParseUUIDPipe) id: string,
    @Query() query: PageQuery,
    @CurrentUser() caller: AuthUser,
  ) {
    return this.clients.contacts(id, query, caller);
  }

  @Get(':id/card')
  card(
    @Param('id', ParseUUIDPipe) id: string,
    @Query() query: TimelineQuery,
    @CurrentUser() caller: AuthUser,
  ) {
    return this.cards.card(id, query, caller);
  }

  @Get(':id/timeline')
  timeline(
    @Param('id', ParseUUIDPipe) id: string,
    @Query() query: TimelineQuery,
    @CurrentUser() caller: AuthUser,
  ) {
    return this.cards.timeline(id, query, caller);
  }
}
