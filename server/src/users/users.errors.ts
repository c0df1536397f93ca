import { defineErrors, errorFactory } from '../common/errors/domain-exception';

export const USER_ERRORS = defineErrors({
  UNKNOWN_USER: ['invalid', 'The user named as owner or assignee does not exist or is inactive'],
  UNKNOWN_TEAM: ['invalid', 'The team named does not exist'],
  EMAIL_TAKEN: ['conflict', 'Another user already has this email'],
  SELF_LOCKOUT: ['conflict', 'An admin may not deactivate themselves or drop their own admin role'],
});

export const userError = errorFactory(USER_ERRORS);
