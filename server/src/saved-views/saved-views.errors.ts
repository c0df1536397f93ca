import { defineErrors, errorFactory } from '../common/errors/domain-exception';

/** A user's saved views of list screens. */
export const SAVED_VIEW_ERRORS = defineErrors({
  SAVED_VIEW_NAME_TAKEN: ['conflict', 'You already have a view of this screen with this name'],
});

export const savedViewError = errorFactory(SAVED_VIEW_ERRORS);
