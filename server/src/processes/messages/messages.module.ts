import { Module } from '@nestjs/common';
import { LiveModule } from '#server/live/live.module';
import { InstancesModule } from '../instances/instances.module';
import { MessageRelay } from './message-relay';
import { MessagesController } from './messages.controller';
import { MessagesService } from './messages.service';

@Module({
  imports: [LiveModule, InstancesModule],
  controllers: [MessagesController],
  providers: [MessagesService, MessageRelay],
})
export class MessagesModule {}
