import { defineErrors, errorFactory } from '#server/common/errors/domain-exception';

export const DEFINITION_ERRORS = defineErrors({
  BPMN_INVALID: ['invalid', 'The diagram cannot be deployed; details lists each problem'],
  SIMULATION_SCRIPT_INVALID: [
    'invalid',
    'The simulation script names elements the diagram lacks or answers of the wrong shape; details lists each',
  ],
});

export const definitionError = errorFactory(DEFINITION_ERRORS);
