import { defineErrors, errorFactory } from '#server/common/errors/domain-exception';

export const DRAFT_ERRORS = defineErrors({
  DRAFT_NOT_BPMN: [
    'invalid',
    'The draft XML is not a BPMN 2.0 document (no bpmn:definitions root)',
  ],
});

export const draftError = errorFactory(DRAFT_ERRORS);
