import { Module } from '@nestjs/common';
import { InstanceCommentsController } from './instance-comments.controller';
import { InstanceCommentsService } from './instance-comments.service';

@Module({ controllers: [InstanceCommentsController], providers: [InstanceCommentsService] })
export class InstanceCommentsModule {}
