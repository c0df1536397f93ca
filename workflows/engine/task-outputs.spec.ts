import { compileFixture } from '../test/compile';
import { graph } from '../test/models';
import { advance, start, validateEvent } from './engine';
import type { ExecutableModel, TaskOutput } from './model';
import { outputProblems } from './task-outputs';
import type { Effect, EngineState, Step, Variables } from './types';

const outputs: TaskOutput[] = [
  { name: 'contactName', type: 'string', required: true, minLength: 2, maxLength: 5 },
  { name: 'budget', type: 'number', required: false, min: 0, max: 100 },
  { name: 'qualified', type: 'boolean', required: false },
  { name: 'segment', type: 'string', required: false, values: ['small', 'large'] },
  { name: 'meetingOn', type: 'date', required: false },
  { name: 'at', type: 'time', required: false },
  { name: 'reviewedAt', type: 'dateTime', required: false },
  { name: 'meetAt', type: 'localDateTime', required: false },
];

describe('outputProblems', () => {
  it('accepts anything when the task declares nothing', () => {
    expect(outputProblems(undefined, { anything: { at: 'all' } })).toEqual([]);
  });

  it('accepts declared outputs of the right types, and null for optional ones', () => {
    expect(
      outputProblems(outputs, {
        contactName: 'Jo',
        budget: 100,
        qualified: false,
        segment: 'large',
        meetingOn: '2030-02-28',
        at: '09:30',
        reviewedAt: '2030-01-20T10:00:00+01:00',
      }),
    ).toEqual([]);
    expect(outputProblems(outputs, { contactName: 'Jo', budget: null })).toEqual([]);
  });

  it.each(['09:30', '09:30:15', '09:30+05:30', '09:30-01:00', '09:30Z'])(
    'accepts the time %p, in each of the forms a form-js time field writes',
    (at) => {
      expect(outputProblems(outputs, { contactName: 'Jo', at })).toEqual([]);
    },
  );

  it.each(['2031-03-14T16:45', '2031-03-14T16:45:30', '2031-03-14T00:00:00.5'])(
    'accepts the local date and time %p, as a form-js field with "No timezone" writes it',
    (meetAt) => {
      expect(outputProblems(outputs, { contactName: 'Jo', meetAt })).toEqual([]);
    },
  );

  it('names every undeclared key', () => {
    expect(outputProblems(outputs, { contactName: 'Jo', owner: 'x', status: 'won' })).toEqual([
      expect.objectContaining({ field: 'owner', kind: 'undeclared' }),
      expect.objectContaining({ field: 'status', kind: 'undeclared' }),
    ]);
  });

  it('says which required output is missing', () => {
    expect(outputProblems(outputs, { budget: 3 })).toEqual([
      { field: 'contactName', kind: 'missing', message: '"contactName" is required' },
    ]);
    expect(outputProblems(outputs, { contactName: '' })).toEqual([
      expect.objectContaining({ field: 'contactName', kind: 'missing' }),
    ]);
  });

  it.each<[Variables, string]>([
    [{ budget: '12' }, '"budget" must be a number, got "12"'],
    [{ budget: 101 }, '"budget" must be at most 100'],
    [{ budget: -1 }, '"budget" must be at least 0'],
    [{ qualified: 'yes' }, '"qualified" must be true or false, got "yes"'],
    [{ segment: 'medium' }, '"segment" must be one of "small", "large"'],
    [
      { meetingOn: '2030-02-30' },
      '"meetingOn" must be a date such as "2030-01-31", got "2030-02-30"',
    ],
    [{ at: '25:00' }, '"at" must be a time such as "09:30" or "09:30+01:00", got "25:00"'],
    [
      { at: '09:30+15:00' },
      '"at" must be a time such as "09:30" or "09:30+01:00", got "09:30+15:00"',
    ],
    [
      { reviewedAt: '2030-01-20T10:00:00' },
      expect.stringMatching(/^"reviewedAt" must be a date and time with its offset/),
    ],
    ...['2031-03-14T16:45Z', '2031-03-14T16:45+05:30', '2031-02-30T10:00', '2031-03-14T24:00'].map(
      (meetAt): [Variables, string] => [
        { meetAt },
        `"meetAt" must be a date and time without an offset such as "2030-01-31T09:30", got "${meetAt}"`,
      ],
    ),
    [{ contactName: 'J' }, '"contactName" must have at least 2 characters'],
    [{ contactName: 'Joanna' }, '"contactName" must have at most 5 characters'],
    [{ contactName: ['Jo'] }, '"contactName" must be text, got a list'],
  ])('refuses %p', (variables, message) => {
    expect(outputProblems(outputs, { contactName: 'Jo', ...variables })).toEqual([
      { field: Object.keys(variables)[0], kind: 'invalid', message },
    ]);
  });
});

describe('completing a user task with declared outputs', () => {
  let model: ExecutableModel;
  beforeAll(async () => {
    model = await compileFixture('element-user-task-forms.bpmn');
  });

  const started = () =>
    start(model, {
      instanceId: 'o',
      variables: {
        assigneeEmail: 'anna@example.com',
        team: 'manager',
        dueBy: '2030-01-31T17:00:00+01:00',
        followUpAfter: 'PT36H',
      },
    });
  const complete = (state: EngineState, variables: Variables) => ({
    type: 'userTaskCompleted' as const,
    waitKey: state.waits[0].waitKey,
    variables,
    completedBy: 'anna@example.com',
  });

  it('opens the task with its FEEL assignee, role, due date and follow-up', () => {
    expect(effectsOf(started(), 'openUserTask')).toEqual([
      expect.objectContaining({
        elementId: 'Task_Qualify',
        assignee: 'anna@example.com',
        candidateRole: 'manager',
        dueInMs: null,
        dueAt: '2030-01-31T16:00:00.000Z',
        followUpInMs: 36 * 3_600_000,
      }),
    ]);
  });

  it('refuses an undeclared key or a wrong type, and the state stays as it was', () => {
    const { state } = started();
    const undeclared = complete(state, { contactName: 'Jo Smith', status: 'won' });
    expect(validateEvent(model, state, undeclared)).toBe(
      '"status" is not an output of this task; it may set "contactName", "budget", "qualified", "segment", "meetingOn"',
    );
    expect(() => advance(model, state, undeclared)).toThrow(/^cannot apply userTaskCompleted/);
    expect(
      validateEvent(model, state, complete(state, { contactName: 'Jo', budget: 'lots' })),
    ).toBe('"budget" must be a number, got "lots"');
    expect(state.waits).toHaveLength(1);
  });

  it('takes a valid completion into the variables', () => {
    const { state } = started();
    const next = advance(
      model,
      state,
      complete(state, { contactName: 'Jo Smith', qualified: true }),
    );
    expect(next.state.variables).toMatchObject({ contactName: 'Jo Smith', qualified: true });
    expect(effectsOf(next, 'openUserTask')).toEqual([
      expect.objectContaining({ elementId: 'Task_Review', followUpAt: '2030-01-31T08:00:00.000Z' }),
    ]);
  });

  it('raises an incident on a FEEL follow-up date that is no date, naming the task', () => {
    const dated = graph(
      {
        Start: { kind: 'startEvent' },
        Call: {
          kind: 'userTask',
          assignee: null,
          candidateRole: null,
          dueIn: null,
          followUpDate: '=followUpOn',
        },
        End: { kind: 'endEvent' },
      },
      [
        ['F1', 'Start', 'Call'],
        ['F2', 'Call', 'End'],
      ],
    );
    const step = start(dated, { instanceId: 'o', variables: { followUpOn: 'soon' } });
    expect(effectsOf(step, 'incidentRaised')).toEqual([
      expect.objectContaining({
        elementId: 'Call',
        message: expect.stringMatching(/^followUpDate: "soon" is not/),
      }),
    ]);
    expect(step.state.status).toBe('incident');
  });
});

describe('the timer maximum at run time', () => {
  const timerModel = (maxTimerMs?: number): ExecutableModel => ({
    ...graph(
      {
        Start: { kind: 'startEvent' },
        Wait: { kind: 'timerCatch', duration: '=wait' },
        End: { kind: 'endEvent' },
      },
      [
        ['F1', 'Start', 'Wait'],
        ['F2', 'Wait', 'End'],
      ],
    ),
    ...(maxTimerMs !== undefined && { maxTimerMs }),
  });

  it('raises an incident on a duration from an expression beyond the default maximum', () => {
    const step = start(timerModel(), { instanceId: 't', variables: { wait: 'P3654D' } });
    expect(effectsOf(step, 'incidentRaised')).toEqual([
      expect.objectContaining({
        elementId: 'Wait',
        message: 'the timer duration P3654D is longer than the timer maximum (P3653D)',
      }),
    ]);
    const within = start(timerModel(), { instanceId: 't', variables: { wait: 'P3653D' } });
    expect(within.state.waits).toEqual([
      expect.objectContaining({ durationMs: 3653 * 86_400_000 }),
    ]);
  });

  it('follows the maximum the model was deployed with', () => {
    const step = start(timerModel(60_000), { instanceId: 't', variables: { wait: 'PT61S' } });
    expect(effectsOf(step, 'incidentRaised')).toEqual([
      expect.objectContaining({
        elementId: 'Wait',
        message: 'the timer duration PT1M1S is longer than the timer maximum (PT1M)',
      }),
    ]);
  });
});

describe('a timer date beyond the maximum, as the shell measures it', () => {
  const dateModel = graph(
    {
      Start: { kind: 'startEvent' },
      Until: { kind: 'timerCatch', date: '=until' },
      End: { kind: 'endEvent' },
    },
    [
      ['F1', 'Start', 'Until'],
      ['F2', 'Until', 'End'],
    ],
  );

  it('raises an incident on the timer element; a retry after the fix waits for the new date', () => {
    const { state } = start(dateModel, {
      instanceId: 'd',
      variables: { until: '2050-01-01T00:00:00Z' },
    });
    const event = {
      type: 'timerBeyondMaximum' as const,
      waitKey: state.waits[0].waitKey,
      inMs: 4000 * 86_400_000,
    };
    expect(validateEvent(dateModel, state, event)).toBeNull();
    const step = advance(dateModel, state, event);
    expect(effectsOf(step, 'incidentRaised')).toEqual([
      expect.objectContaining({
        elementId: 'Until',
        message:
          'the timer date 2050-01-01T00:00:00.000Z is P4000D away, longer than the timer maximum (P3653D)',
      }),
    ]);
    const fixed = advance(dateModel, step.state, {
      type: 'variablesChanged',
      variables: { until: '2030-01-01T00:00:00Z' },
      by: 'supervisor',
    });
    const incidentKey = effectsOf(step, 'incidentRaised')[0].key;
    const retried = advance(dateModel, fixed.state, {
      type: 'incidentRetried',
      incidentKey,
      by: null,
    });
    expect(retried.state.status).toBe('running');
    expect(retried.state.waits).toEqual([
      expect.objectContaining({ elementId: 'Until', dueAt: '2030-01-01T00:00:00.000Z' }),
    ]);
    expect(retried.commands).toContainEqual(
      expect.objectContaining({ type: 'startTimer', dueAt: '2030-01-01T00:00:00.000Z' }),
    );
  });

  it('is refused for a timer that waits for a duration', () => {
    const { state } = start(dateModel, { instanceId: 'd', variables: { until: null } });
    expect(state.status).toBe('incident');
    const durationModel = graph(
      {
        Start: { kind: 'startEvent' },
        Wait: { kind: 'timerCatch', duration: 'PT1M' },
        End: { kind: 'endEvent' },
      },
      [
        ['F1', 'Start', 'Wait'],
        ['F2', 'Wait', 'End'],
      ],
    );
    const waiting = start(durationModel, { instanceId: 'd', variables: {} }).state;
    expect(
      validateEvent(durationModel, waiting, {
        type: 'timerBeyondMaximum',
        waitKey: waiting.waits[0].waitKey,
        inMs: 1,
      }),
    ).toBe(`there is no running timer until a date with key "${waiting.waits[0].waitKey}"`);
  });
});

function effectsOf<T extends Effect['type']>(step: Step, type: T): Extract<Effect, { type: T }>[] {
  return step.commands
    .flatMap((command) => (command.type === 'writeEffects' ? command.effects : []))
    .filter((effect): effect is Extract<Effect, { type: T }> => effect.type === type);
}
