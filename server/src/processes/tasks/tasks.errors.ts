import { defineErrors, errorFactory } from '#server/common/errors/domain-exception';

export const TASK_ERRORS = defineErrors({
  TASK_NOT_OPEN: ['conflict', 'The task is already completed or cancelled'],
  TASK_ALREADY_ASSIGNED: ['conflict', 'Someone already took the task'],
});

export const taskError = errorFactory(TASK_ERRORS);
