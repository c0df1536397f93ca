import { defineErrors, errorFactory } from '#server/common/errors/domain-exception';

export const INCIDENT_ERRORS = defineErrors({
  INCIDENT_NOT_OPEN: [
    'conflict',
    'The incident is resolved already (retried, or cancelled with its instance)',
  ],
});

export const incidentError = errorFactory(INCIDENT_ERRORS);
