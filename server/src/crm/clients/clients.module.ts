import { Module } from '@nestjs/common';
import { ClientCardService } from './client-card.service';
import { ClientCsvService } from './client-csv.service';
import { ClientStatusesController } from './client-statuses.controller';
import { ClientStatusesService } from './client-statuses.service';
import { ClientsController } from './clients.controller';
import { ClientsService } from './clients.service';

@Module({
  controllers: [ClientsController, ClientStatusesController],
  providers: [ClientsService, ClientStatusesService, ClientCardService, ClientCsvService],
  exports: [ClientsService, ClientStatusesService],
})
export class ClientsModule {}
