import { defineErrors, errorFactory } from '#server/common/errors/domain-exception';

export const MESSAGE_ERRORS = defineErrors({
  MESSAGE_NOT_CORRELATED: [
    'not_found',
    'No process instance you may see waits for this message and correlation key',
  ],
});

export const messageError = errorFactory(MESSAGE_ERRORS);
