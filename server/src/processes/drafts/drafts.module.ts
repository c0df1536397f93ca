import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DraftsController } from './drafts.controller';
import { DraftsService } from './drafts.service';
import { ProcessDraft } from './process-draft.entity';

@Module({
  imports: [TypeOrmModule.forFeature([ProcessDraft])],
  controllers: [DraftsController],
  providers: [DraftsService],
})
export class DraftsModule {}
