import { Module } from '@nestjs/common';
import { InstancesModule } from '../instances/instances.module';
import { TriggerConsumer } from './trigger-consumer.service';

@Module({ imports: [InstancesModule], providers: [TriggerConsumer] })
export class TriggersModule {}
