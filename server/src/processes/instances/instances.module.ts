import { Module } from '@nestjs/common';
import { ClientsModule } from '#server/crm/clients/clients.module';
import { DefinitionsModule } from '../definitions/definitions.module';
import { StartingRelay } from '../reconciliation/starting-relay';
import { InstanceMigrationService } from './instance-migration.service';
import { InstancesController } from './instances.controller';
import { InstancesService } from './instances.service';

@Module({
  imports: [DefinitionsModule, ClientsModule],
  controllers: [InstancesController],
  providers: [InstancesService, StartingRelay, InstanceMigrationService],
  exports: [InstancesService],
})
export class InstancesModule {}
