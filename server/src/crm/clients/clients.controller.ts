import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '../../auth/auth-user';
import { CreateClientDto, ListClientsQuery } from './client.dto';
import { ClientsService } from './clients.service';

@ApiTags('clients')
@ApiBearerAuth()
@Controller('clients')
export class ClientsController {
  constructor(private readonly clients: ClientsService) {}

  @Post()
  create(@Body() body: CreateClientDto, @CurrentUser() caller: AuthUser) {
    return this.clients.create(body, caller);
  }

  @Get()
  list(@Query() query: ListClientsQuery) {
    return this.clients.list(query);
  }

  @Get(':id')
  get(@Param('id', ParseUUIDPipe) id: string) {
    return this.clients.get(id);
  }

  @Get(':id/card')
  card(@Param('id', ParseUUIDPipe) id: string) {
    return this.clients.card(id);
  }
}
