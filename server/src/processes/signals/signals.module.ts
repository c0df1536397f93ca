import { Module } from '@nestjs/common';
import { SignalRelay } from './signal-relay';
import { SignalsController } from './signals.controller';
import { SignalsService } from './signals.service';

@Module({ controllers: [SignalsController], providers: [SignalsService, SignalRelay] })
export class SignalsModule {}
