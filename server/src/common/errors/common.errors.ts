import { defineErrors, errorFactory } from './domain-exception';

/** Codes every module shares: records that are not there and changes the caller may not make. */
export const COMMON_ERRORS = defineErrors({
  NOT_FOUND: [
    'not_found',
    'The record does not exist, or the caller may not read it (the two are not told apart)',
  ],
  FORBIDDEN: ['forbidden', 'The caller may read the record but not do this to it'],
  INVALID_CURSOR: ['invalid', 'The cursor is not one this API gave out'],
  JSON_TOO_DEEP: [
    'invalid',
    'The JSON body nests objects and arrays deeper than the limit (FLOWCARD_JSON_MAX_DEPTH)',
  ],
  TOO_MANY_ATTEMPTS: [
    'too_many_attempts',
    'Too many failed sign-ins for this account or from this address, or too many hook requests for this integration or from this address; retry after Retry-After seconds',
  ],
});

export const commonError = errorFactory(COMMON_ERRORS);

export const notFound = (what: string, id: string) =>
  commonError('NOT_FOUND', `${what} ${id} was not found`);

export const forbidden = (message: string) => commonError('FORBIDDEN', message);
