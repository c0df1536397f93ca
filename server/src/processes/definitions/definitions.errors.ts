import { defineErrors, errorFactory } from '#server/common/errors/domain-exception';

export const DEFINITION_ERRORS = defineErrors({
  BPMN_INVALID: ['invalid', 'The diagram cannot be deployed; details lists each problem'],
  SIMULATION_SCRIPT_INVALID: [
    'invalid',
    'The simulation script names elements the diagram lacks or answers of the wrong shape; details lists each',
  ],
  CALLED_PROCESS_NOT_DEPLOYED: [
    'invalid',
    'The simulation reached a call activity whose process (or pinned version) is not deployed; details names the element',
  ],
  SIMULATION_CALL_DEPTH_EXCEEDED: [
    'invalid',
    'The simulation nested called instances deeper than the limit (a process calling itself without end); details names the element',
  ],
});

export const definitionError = errorFactory(DEFINITION_ERRORS);
