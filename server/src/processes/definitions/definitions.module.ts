import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DefinitionsController } from './definitions.controller';
import { DefinitionsService } from './definitions.service';
import { PreviewService } from './preview.service';
import { ProcessDefinition } from './process-definition.entity';

@Module({
  imports: [TypeOrmModule.forFeature([ProcessDefinition])],
  controllers: [DefinitionsController],
  providers: [DefinitionsService, PreviewService],
  exports: [DefinitionsService],
})
export class DefinitionsModule {}
