import { defineErrors, errorFactory } from '#server/common/errors/domain-exception';

/** Deals and the pipelines they move through. */
export const DEAL_ERRORS = defineErrors({
  DEAL_INVALID: [
    'invalid',
    "A process step's deal breaks the rules the API checks; details lists each",
  ],
  UNKNOWN_PIPELINE: ['invalid', 'The pipeline named does not exist'],
  STAGE_NOT_IN_PIPELINE: ['invalid', "The stage is not one of the deal's pipeline"],
  STAGE_NOT_OPEN: ['invalid', 'A deal starts in an open stage'],
  LOST_NEEDS_REASON: ['invalid', 'A deal is lost through POST /api/deals/{id}/lose with a reason'],
  DEAL_ALREADY_LOST: ['conflict', 'The deal is already lost'],
  NO_LOST_STAGE: ['conflict', "The deal's pipeline has no lost stage"],
  NO_DEFAULT_PIPELINE: ['conflict', 'No pipeline is the default; name one with pipelineId'],
  PIPELINE_INVALID: ['invalid', 'A pipeline needs at least one open stage, one won and one lost'],
  PIPELINE_NAME_TAKEN: ['conflict', 'Another pipeline has this name'],
  DEFAULT_PIPELINE_CHANGED: ['conflict', 'Another pipeline was made default at the same time'],
  STAGES_MISMATCH: ['invalid', 'A reorder must list every stage of the pipeline exactly once'],
  STAGE_REQUIRED: ['conflict', 'A pipeline keeps its won and lost stages and one open stage'],
  STAGE_IN_USE: ['conflict', 'Deals are or have been in the stage, so it stays'],
});

export const dealError = errorFactory(DEAL_ERRORS);
