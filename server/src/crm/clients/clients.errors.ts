import { defineErrors, errorFactory } from '#server/common/errors/domain-exception';

export const CLIENT_ERRORS = defineErrors({
  COMPANY_ONLY_FOR_PEOPLE: ['invalid', 'Only a person can belong to a company'],
  NOT_A_COMPANY: ['invalid', 'The company named is a person'],
  UNKNOWN_OWNER: ['invalid', 'The owner named does not exist or is inactive'],
  CLIENT_HAS_RUNNING_PROCESSES: ['conflict', 'A client with running process instances stays'],
  CSV_INVALID: ['invalid', 'The CSV file cannot be read, or its header row is wrong'],
  UNKNOWN_STATUS: ['invalid', 'There is no client status with this key'],
  TRANSITION_TO_ITSELF: ['invalid', 'A status cannot move to itself'],
  TRANSITION_EXISTS: ['conflict', 'The lifecycle already allows this move'],
  STATUS_EXISTS: ['conflict', 'A client status with this key exists already'],
  STATUS_TRANSITION_NOT_ALLOWED: [
    'unprocessable',
    "The client lifecycle has no move from the client's status to this one",
  ],
});

export const clientError = errorFactory(CLIENT_ERRORS);
