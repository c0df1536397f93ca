import { defineErrors, errorFactory } from '../common/errors/domain-exception';

export const AUTH_ERRORS = defineErrors({
  UNAUTHORIZED: ['unauthorized', 'No bearer token, or one that is invalid or expired'],
  INVALID_CREDENTIALS: ['unauthorized', 'Sign-in with a wrong email or password'],
  USER_DEACTIVATED: ['unauthorized', 'The user was deactivated and can no longer sign in'],
});

export const authError = errorFactory(AUTH_ERRORS);
