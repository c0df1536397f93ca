import { defineErrors, errorFactory } from '../common/errors/domain-exception';

export const TEAM_ERRORS = defineErrors({
  NOT_A_SUPERVISOR: ['invalid', 'A supervisor of a team must be an active user with that role'],
  TEAM_NAME_TAKEN: ['conflict', 'Another team already has this name'],
});

export const teamError = errorFactory(TEAM_ERRORS);
