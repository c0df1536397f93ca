import { Module } from '@nestjs/common';
import { LiveModule } from '#server/live/live.module';
import { InstancesModule } from '../instances/instances.module';
import { SignalRelay } from './signal-relay';
import { SignalsController } from './signals.controller';
import { SignalsService } from './signals.service';

@Module({
  imports: [LiveModule, InstancesModule],
  controllers: [SignalsController],
  providers: [SignalsService, SignalRelay],
})
export class SignalsModule {}
