import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { EventRelay } from './event-relay.service';
import { LiveGateway } from './live.gateway';
import { LiveSessions } from './live-sessions';

@Module({
  imports: [AuthModule],
  providers: [EventRelay, LiveGateway, LiveSessions],
  exports: [EventRelay],
})
export class LiveModule {}
