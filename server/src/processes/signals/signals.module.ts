import { Module } from '@nestjs/common';
import { LiveModule } from '#server/live/live.module';
import { SignalRelay } from './signal-relay';
import { SignalsController } from './signals.controller';
import { SignalsService } from './signals.service';

@Module({
  imports: [LiveModule],
  controllers: [SignalsController],
  providers: [SignalsService, SignalRelay],
})
export class SignalsModule {}
