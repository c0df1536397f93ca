import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { EventRelay } from './event-relay.service';
import { LiveGateway } from './live.gateway';

@Module({ imports: [AuthModule], providers: [EventRelay, LiveGateway], exports: [EventRelay] })
export class LiveModule {}
