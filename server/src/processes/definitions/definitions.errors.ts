import { defineErrors, errorFactory } from '../../common/errors/domain-exception';

export const DEFINITION_ERRORS = defineErrors({
  BPMN_INVALID: ['invalid', 'The diagram cannot be deployed; details lists each problem'],
});

export const definitionError = errorFactory(DEFINITION_ERRORS);
