import { defineErrors, errorFactory } from '#server/common/errors/domain-exception';

export const TASK_ERRORS = defineErrors({
  TASK_NOT_OPEN: ['conflict', 'The task is already completed or cancelled'],
  TASK_ALREADY_ASSIGNED: ['conflict', 'Someone already took the task'],
  TASK_OUTPUT_UNDECLARED: [
    'invalid',
    'The completion sets a variable the task does not declare as an output (its form or flowcard:output list)',
  ],
  TASK_OUTPUT_MISSING: ['invalid', 'The completion leaves out an output the task requires'],
  TASK_OUTPUT_INVALID: [
    'invalid',
    'An output of the completion has the wrong type or breaks its constraint (options, bounds, length)',
  ],
});

export const taskError = errorFactory(TASK_ERRORS);
