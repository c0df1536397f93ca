import { Module } from '@nestjs/common';
import { TimerStartSchedules } from './timer-start-schedules';

@Module({
  providers: [TimerStartSchedules],
  exports: [TimerStartSchedules],
})
export class TimerStartsModule {}
