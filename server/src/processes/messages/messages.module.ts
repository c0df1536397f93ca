import { Module } from '@nestjs/common';
import { InstancesModule } from '../instances/instances.module';
import { MessagesController } from './messages.controller';
import { MessagesService } from './messages.service';

@Module({
  imports: [InstancesModule],
  controllers: [MessagesController],
  providers: [MessagesService],
})
export class MessagesModule {}
