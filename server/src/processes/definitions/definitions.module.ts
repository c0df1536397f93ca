import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DefinitionsController } from './definitions.controller';
import { DefinitionsService } from './definitions.service';
import { ProcessDefinition } from './process-definition.entity';

@Module({
  imports: [TypeOrmModule.forFeature([ProcessDefinition])],
  controllers: [DefinitionsController],
  providers: [DefinitionsService],
  exports: [DefinitionsService],
})
export class DefinitionsModule {}
