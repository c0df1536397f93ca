import { Module } from '@nestjs/common';
import { LiveModule } from '#server/live/live.module';
import { TriggerConsumer } from './trigger-consumer.service';

@Module({ imports: [LiveModule], providers: [TriggerConsumer] })
export class TriggersModule {}
