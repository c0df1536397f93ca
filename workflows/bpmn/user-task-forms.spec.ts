import { DEFAULT_MAX_TIMER_MS } from '../engine/model';
import { compileErrors, compileFixture, fixtureXml, lineOf } from '../test/compile';
import { compileBpmn } from './compiler';
import { readForm } from './forms';

describe('user task outputs', () => {
  it('types the fields of an embedded form-js form', async () => {
    const model = await compileFixture('element-user-task-forms.bpmn');
    const task = model.nodes.Task_Qualify;
    expect(task).toMatchObject({
      kind: 'userTask',
      assignee: '=assigneeEmail',
      candidateRole: '=team',
      dueDate: '=date and time(dueBy)',
      followUpIn: '=followUpAfter',
    });
    expect(task.kind === 'userTask' && task.outputs).toEqual([
      { name: 'contactName', type: 'string', required: true, minLength: 2, maxLength: 80 },
      { name: 'budget', type: 'number', required: false, min: 0, max: 1000000 },
      { name: 'qualified', type: 'boolean', required: false },
      { name: 'segment', type: 'string', required: false, values: ['small', 'large'] },
      { name: 'meetingOn', type: 'date', required: false },
    ]);
    expect(task.kind === 'userTask' && task.form?.components).toHaveLength(6);
  });

  it('finds a form of the process by its key, reading through groups', async () => {
    const model = await compileFixture('element-user-task-forms.bpmn');
    expect(model.nodes.Task_Review).toMatchObject({
      followUpDate: '2030-01-31T09:00:00+01:00',
      outputs: [
        { name: 'decision', type: 'string', required: true, values: ['accept', 'reject'] },
        { name: 'comment', type: 'string', required: false, maxLength: 500 },
        { name: 'reviewedAt', type: 'dateTime', required: false },
      ],
    });
  });

  it('types a date and time field by its time format: "No timezone" is a local date and time', () => {
    const field = (key: string, timeSerializingFormat?: string) => ({
      type: 'datetime',
      subtype: 'datetime',
      key,
      ...(timeSerializingFormat ? { timeSerializingFormat } : {}),
    });
    const reading = readForm(
      JSON.stringify({
        components: [
          field('offset', 'utc_offset'),
          field('utc', 'utc_normalized'),
          field('local', 'no_timezone'),
          field('unnamed'),
          { type: 'datetime', subtype: 'time', key: 'at', timeSerializingFormat: 'no_timezone' },
        ],
      }),
    );
    expect(reading.ok && reading.outputs.map(({ name, type }) => [name, type])).toEqual([
      ['offset', 'dateTime'],
      ['utc', 'dateTime'],
      ['local', 'localDateTime'],
      ['unnamed', 'dateTime'],
      ['at', 'time'],
    ]);
  });

  it('reads a plain flowcard:output list', async () => {
    const model = await compileFixture('element-user-task-forms.bpmn');
    const task = model.nodes.Task_Confirm;
    expect(task.kind === 'userTask' && task.outputs).toEqual([
      { name: 'confirmed', type: 'boolean', required: true },
      { name: 'orderNumber', type: 'string', required: false },
      { name: 'quantity', type: 'number', required: false },
    ]);
    expect(task.kind === 'userTask' && task.form).toBeUndefined();
  });

  it('leaves a task without a declaration as it was: no outputs, no form', async () => {
    const model = await compileFixture('application-handling.bpmn');
    expect(model.nodes.Task_QualifyApplication).not.toHaveProperty('outputs');
    expect(model.nodes.Task_QualifyApplication).not.toHaveProperty('form');
  });

  it('refuses malformed forms and output lists, naming the element and its line', async () => {
    const xml = fixtureXml('invalid-user-task-form.bpmn');
    const errors = await compileErrors(xml);
    expect(errors.map(({ elementId, line }) => [elementId, line])).toEqual([
      ['Form_Broken', lineOf(xml, 'Form_Broken')],
      ['Task_UntypedField', lineOf(xml, 'Task_UntypedField')],
      ['Task_UntypedField', lineOf(xml, 'Task_UntypedField')],
      ['Task_MissingForm', lineOf(xml, 'Task_MissingForm')],
      ['Task_BadOutput', lineOf(xml, 'Task_BadOutput')],
      ['Task_BadOutput', lineOf(xml, 'Task_BadOutput')],
    ]);
    expect(errors.map(({ message }) => message)).toEqual([
      expect.stringMatching(/^form "Form_Broken" of Task_BrokenJson: the form is not valid JSON/),
      expect.stringMatching(/^form: field "attachment" has the type "filepicker", which a task/),
      'form: field "amount": validate.minLength does not apply to a number field',
      'formKey "camunda-forms:bpmn:Form_Nowhere": the process has no flowcard:userTaskForm "Form_Nowhere"',
      expect.stringMatching(/^followUpIn: "next week" is not an ISO-8601 duration/),
      'flowcard:output "amount": type "money" is not one of string, number, boolean, date, time, dateTime, localDateTime',
    ]);
  });

  it('refuses a form given both ways, and outputs declared twice', async () => {
    const xml = fixtureXml('element-user-task-forms.bpmn')
      .replace(
        '<flowcard:formDefinition formKey="camunda-forms:bpmn:Form_Review" />',
        '<flowcard:formDefinition formKey="Form_Review">{}</flowcard:formDefinition>',
      )
      .replace(
        '<flowcard:output name="quantity" type="number" />',
        '<flowcard:output name="confirmed" />',
      );
    const errors = await compileErrors(xml);
    expect(errors.map(({ elementId, message }) => [elementId, message])).toEqual([
      [
        'Task_Review',
        'flowcard:formDefinition needs either a formKey or the form-js JSON in its body',
      ],
      ['Task_Confirm', 'flowcard:output "confirmed" is declared twice'],
    ]);
  });
});

describe('the timer maximum', () => {
  const timer = (definition: string) => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="D" targetNamespace="http://test">
  <bpmn:process id="p" isExecutable="true">
    <bpmn:startEvent id="Start" />
    <bpmn:intermediateCatchEvent id="Timer">
      <bpmn:timerEventDefinition>${definition}</bpmn:timerEventDefinition>
    </bpmn:intermediateCatchEvent>
    <bpmn:endEvent id="End" />
    <bpmn:sequenceFlow id="F1" sourceRef="Start" targetRef="Timer" />
    <bpmn:sequenceFlow id="F2" sourceRef="Timer" targetRef="End" />
  </bpmn:process>
</bpmn:definitions>`;
  const now = Date.parse('2026-01-01T00:00:00Z');

  it('is about ten years by default', () => {
    expect(DEFAULT_MAX_TIMER_MS).toBe(3653 * 86_400_000);
  });

  it('refuses a literal duration beyond it, with element and line', async () => {
    const xml = timer('<bpmn:timeDuration>P3654D</bpmn:timeDuration>');
    expect(await compileErrors(xml)).toEqual([
      {
        elementId: 'Timer',
        line: lineOf(xml, 'Timer'),
        message:
          'timeDuration: P3654D is longer than the timer maximum (P3653D, FLOWCARD_MAX_TIMER)',
      },
    ]);
    expect((await compileBpmn(timer('<bpmn:timeDuration>P3653D</bpmn:timeDuration>'))).ok).toBe(
      true,
    );
  });

  it('refuses a literal date further away than it from the deploy time', async () => {
    // 2026-01-01 plus 3,653 days is 2036-01-02 (2028 and 2032 are leap years).
    const far = await compileBpmn(timer('<bpmn:timeDate>2036-01-02T00:00:01Z</bpmn:timeDate>'), {
      now,
    });
    expect(far.ok ? [] : far.errors.map(({ elementId, message }) => [elementId, message])).toEqual([
      [
        'Timer',
        'timeDate: 2036-01-02T00:00:01Z is further away than the timer maximum (P3653D, FLOWCARD_MAX_TIMER)',
      ],
    ]);
    const within = await compileBpmn(timer('<bpmn:timeDate>2036-01-02T00:00:00Z</bpmn:timeDate>'), {
      now,
    });
    expect(within.ok).toBe(true);
  });

  it('follows a configured maximum and writes it into the model', async () => {
    const options = { maxTimerMs: 7 * 86_400_000, now };
    const refused = await compileBpmn(
      timer('<bpmn:timeDate>2026-01-08T00:00:01Z</bpmn:timeDate>'),
      options,
    );
    expect(refused).toEqual({
      ok: false,
      errors: [
        {
          elementId: 'Timer',
          line: 5,
          message:
            'timeDate: 2026-01-08T00:00:01Z is further away than the timer maximum (P7D, FLOWCARD_MAX_TIMER)',
        },
      ],
    });
    const accepted = await compileBpmn(
      timer('<bpmn:timeDuration>=wait</bpmn:timeDuration>'),
      options,
    );
    expect(accepted.ok && accepted.model.maxTimerMs).toBe(7 * 86_400_000);
    const byDefault = await compileBpmn(timer('<bpmn:timeDuration>=wait</bpmn:timeDuration>'));
    expect(byDefault.ok && byDefault.model).not.toHaveProperty('maxTimerMs');
  });
});
