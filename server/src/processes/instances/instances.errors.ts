import { defineErrors, errorFactory } from '#server/common/errors/domain-exception';

export const INSTANCE_ERRORS = defineErrors({
  DEFINITION_REQUIRED: ['invalid', 'Starting an instance needs definitionId or definitionKey'],
  ENGINE_UNAVAILABLE: ['unavailable', 'The workflow engine is not reachable; try again'],
  INSTANCE_NOT_RUNNING: ['conflict', 'The process instance has ended'],
  INSTANCE_REFUSED: ['conflict', 'The running instance refused the change (the engine said why)'],
  MIGRATION_MAPPING_INCOMPLETE: [
    'conflict',
    'A token would stay on an element the target version lacks; details lists each instance and its elements',
  ],
  MIGRATION_MAPPING_INVALID: [
    'invalid',
    'The mapping names an element the target version lacks, or the versions are of different processes',
  ],
  VARIABLES_INVALID: [
    'invalid',
    'Process variables Postgres cannot store (a NUL character, a non-finite number) or beyond the size, depth or key limits; details name the path',
  ],
});

export const instanceError = errorFactory(INSTANCE_ERRORS);
