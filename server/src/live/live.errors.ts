import { defineErrors, errorFactory } from '../common/errors/domain-exception';

/** Refusals of a socket `subscribe`, sent in its acknowledgement rather than as HTTP. */
export const LIVE_ERRORS = defineErrors({
  UNKNOWN_ROOM: ['not_found', 'A live subscription named a room that does not exist'],
});

export const liveError = errorFactory(LIVE_ERRORS);
