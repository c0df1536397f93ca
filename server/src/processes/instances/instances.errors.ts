import { defineErrors, errorFactory } from '../../common/errors/domain-exception';

export const INSTANCE_ERRORS = defineErrors({
  DEFINITION_REQUIRED: ['invalid', 'Starting an instance needs definitionId or definitionKey'],
  ENGINE_UNAVAILABLE: ['unavailable', 'The workflow engine is not reachable; try again'],
  INSTANCE_NOT_RUNNING: ['conflict', 'The process instance has ended'],
  INSTANCE_REFUSED: ['conflict', 'The running instance refused the change (the engine said why)'],
});

export const instanceError = errorFactory(INSTANCE_ERRORS);
