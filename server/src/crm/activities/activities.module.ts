import { Module } from '@nestjs/common';
import { ClientsModule } from '../clients/clients.module';
import { ActivitiesController, CalendarController } from './activities.controller';
import { ActivitiesService } from './activities.service';

/** Calls, meetings, tasks and notes, and the calendar of planned ones. */
@Module({
  imports: [ClientsModule],
  controllers: [ActivitiesController, CalendarController],
  providers: [ActivitiesService],
  exports: [ActivitiesService],
})
export class ActivitiesModule {}
