import { defineErrors, errorFactory } from '#server/common/errors/domain-exception';

export const ACTIVITY_ERRORS = defineErrors({
  ACTIVITY_INVALID: ['invalid', 'The activity breaks a rule of its kind; details lists each'],
  ACTIVITY_NOT_OPEN: ['conflict', 'The activity is already done or cancelled'],
  CALENDAR_WINDOW_INVALID: ['invalid', 'The calendar window is empty or too long'],
});

export const activityError = errorFactory(ACTIVITY_ERRORS);
