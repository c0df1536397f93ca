import { Module } from '@nestjs/common';
import { ActivitiesController, CalendarController } from './activities.controller';
import { ActivitiesService } from './activities.service';

/** Calls, meetings, tasks and notes, and the calendar of planned ones. */
@Module({
  controllers: [ActivitiesController, CalendarController],
  providers: [ActivitiesService],
  exports: [ActivitiesService],
})
export class ActivitiesModule {}
