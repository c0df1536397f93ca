import { Module } from '@nestjs/common';
import { ClientsModule } from '../clients/clients.module';
import { DealsController } from './deals.controller';
import { DealsService } from './deals.service';
import { PipelinesController } from './pipelines.controller';
import { PipelinesService } from './pipelines.service';

/** Pipelines with their stages, and the deals that move through them. */
@Module({
  imports: [ClientsModule],
  controllers: [PipelinesController, DealsController],
  providers: [PipelinesService, DealsService],
  exports: [PipelinesService, DealsService],
})
export class DealsModule {}
