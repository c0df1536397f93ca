import { TRIGGER_EVENT_TYPES } from '#workflows/bpmn/elements/message-start-event';
import { EVENT_TYPES, TASK_LIST_EVENT_TYPES } from '#server/events/catalogue';

describe('the CRM events a flowcard:trigger may name', () => {
  it('are events of the catalogue, none of them about processes or tasks', () => {
    expect(TRIGGER_EVENT_TYPES.filter((type) => !EVENT_TYPES.includes(type))).toEqual([]);
    expect(TRIGGER_EVENT_TYPES.filter((type) => TASK_LIST_EVENT_TYPES.includes(type))).toEqual([]);
    expect(TRIGGER_EVENT_TYPES.filter((type) => /^(instance|element)\./.test(type))).toEqual([]);
  });
});
