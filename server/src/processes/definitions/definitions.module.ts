import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { TimerStartsModule } from '../timer-starts/timer-starts.module';
import { BpmnCapabilitiesController } from './bpmn-capabilities.controller';
import { DefinitionsController } from './definitions.controller';
import { DefinitionsService } from './definitions.service';
import { HeatmapService } from './heatmap.service';
import { PreviewService } from './preview.service';
import { ProcessDefinition } from './process-definition.entity';

@Module({
  imports: [TypeOrmModule.forFeature([ProcessDefinition]), TimerStartsModule],
  controllers: [DefinitionsController, BpmnCapabilitiesController],
  providers: [DefinitionsService, PreviewService, HeatmapService],
  exports: [DefinitionsService],
})
export class DefinitionsModule {}
