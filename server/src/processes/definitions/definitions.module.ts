import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { TimerStartsModule } from '../timer-starts/timer-starts.module';
import { BpmnCapabilitiesController } from './bpmn-capabilities.controller';
import { DefinitionsController } from './definitions.controller';
import { DefinitionsService } from './definitions.service';
import { PreviewService } from './preview.service';
import { ProcessDefinition } from './process-definition.entity';

@Module({
  imports: [TypeOrmModule.forFeature([ProcessDefinition]), TimerStartsModule],
  controllers: [DefinitionsController, BpmnCapabilitiesController],
  providers: [DefinitionsService, PreviewService],
  exports: [DefinitionsService],
})
export class DefinitionsModule {}
