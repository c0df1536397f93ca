import { Module } from '@nestjs/common';
import { DefinitionsModule } from '../definitions/definitions.module';
import { InstancesController } from './instances.controller';
import { InstancesService } from './instances.service';

@Module({
  imports: [DefinitionsModule],
  controllers: [InstancesController],
  providers: [InstancesService],
  exports: [InstancesService],
})
export class InstancesModule {}
