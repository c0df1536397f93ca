import { Module } from '@nestjs/common';
import { TriggerConsumer } from './trigger-consumer.service';

@Module({ providers: [TriggerConsumer] })
export class TriggersModule {}
