import { defineErrors, errorFactory } from '#server/common/errors/domain-exception';

export const MESSAGE_ERRORS = defineErrors({
  MESSAGE_NOT_CORRELATED: [
    'not_found',
    'No process instance you may see waits for this message and correlation key, and no process starts with it',
  ],
  MESSAGE_ALREADY_PUBLISHED: [
    'conflict',
    'A message of this name, correlation key and messageId was published and has not expired',
  ],
  MESSAGE_START_AMBIGUOUS: [
    'conflict',
    'The latest versions of several processes start with this message; details lists their keys',
  ],
});

export const messageError = errorFactory(MESSAGE_ERRORS);
