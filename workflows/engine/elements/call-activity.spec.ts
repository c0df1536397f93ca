/** Call activities on the pure engine: element-call-activity.bpmn and hand-built variants. */
import { compileFixture } from '../../test/compile';
import { advance, start } from '../engine';
import type { ExecutableModel } from '../model';
import type { Effect, EngineEvent, EngineState, Step } from '../types';

const effectsOf = (step: Step): Effect[] =>
  step.commands.flatMap((command) => (command.type === 'writeEffects' ? command.effects : []));
const completed = (step: Step) =>
  effectsOf(step).flatMap((effect) =>
    effect.type === 'elementCompleted' ? [effect.elementId] : [],
  );

const callWait = (state: EngineState) => {
  const wait = state.waits.find((candidate) => candidate.kind === 'calledInstance');
  if (!wait) throw new Error('nothing waits for a called instance');
  return wait.waitKey;
};

const ended = (
  state: EngineState,
  outcome: Omit<Extract<EngineEvent, { type: 'calledInstanceEnded' }>, 'type' | 'waitKey'>,
): EngineEvent => ({ type: 'calledInstanceEnded', waitKey: callWait(state), ...outcome });

const fixture = () => compileFixture('element-call-activity.bpmn');
const begin = (model: ExecutableModel) =>
  start(model, { instanceId: 'i', variables: { orderAmount: 1000, note: 'kept' } });

describe('call activities', () => {
  it('write the called instance with the mapped inputs and ask the shell to start it', async () => {
    const step = begin(await fixture());
    const waitKey = callWait(step.state);
    expect(effectsOf(step)).toContainEqual({
      type: 'startCalledInstance',
      key: 'i:5',
      waitKey,
      elementId: 'Call_CreditCheck',
      processKey: 'element-called-credit-check',
      version: null,
      variables: { amount: 1000 },
    });
    expect(step.commands.slice(1)).toEqual([{ type: 'startCalledInstance', waitKey }]);
  });

  it('go on with the mapped outputs once the called instance completed', async () => {
    const model = await fixture();
    const { state } = begin(model);
    const step = advance(
      model,
      state,
      ended(state, { status: 'completed', variables: { limit: 2000, amount: 1000 }, error: null }),
    );
    expect(step.state.variables).toEqual({ orderAmount: 1000, note: 'kept', creditLimit: 2000 });
    expect(completed(step)).toEqual(['Call_CreditCheck', 'Task_Offer', 'End']);
  });

  it('merge every variable in and out without mappings', async () => {
    const model = await fixture();
    const call = model.nodes.Call_CreditCheck;
    if (call.kind !== 'callActivity') throw new Error('not a call activity');
    Object.assign(call, { inputs: null, outputs: null, version: 2 });
    const first = begin(model);
    expect(effectsOf(first)).toContainEqual(
      expect.objectContaining({ version: 2, variables: { orderAmount: 1000, note: 'kept' } }),
    );
    const step = advance(
      model,
      first.state,
      ended(first.state, { status: 'completed', variables: { creditLimit: 5 }, error: null }),
    );
    expect(step.state.variables).toEqual({ orderAmount: 1000, note: 'kept', creditLimit: 5 });
  });

  it('catch the error end event of a failed called instance on the boundary for its code', async () => {
    const model = await fixture();
    const { state } = begin(model);
    const error = { message: 'error "CREDIT_REFUSED" was thrown', errorCode: 'CREDIT_REFUSED' };
    const step = advance(model, state, ended(state, { status: 'failed', variables: {}, error }));
    expect(completed(step)).toEqual(['Boundary_Refused', 'Task_Explain', 'End_Refused']);
    expect(step.state.status).toBe('completed');
  });

  it('raise an incident on the call activity when nothing catches the failure', async () => {
    const model = await fixture();
    const { state } = begin(model);
    const step = advance(
      model,
      state,
      ended(state, { status: 'cancelled', variables: {}, error: null }),
    );
    expect(step.state.status).toBe('incident');
    expect(effectsOf(step)).toContainEqual(
      expect.objectContaining({
        type: 'incidentRaised',
        elementId: 'Call_CreditCheck',
        message:
          'the called process element-called-credit-check: the called instance was cancelled',
      }),
    );
  });

  it('raise an incident for an error code nothing in the caller catches', async () => {
    const model = await fixture();
    const { state } = begin(model);
    const error = { message: 'error "OTHER" was thrown', errorCode: 'OTHER' };
    const step = advance(model, state, ended(state, { status: 'failed', variables: {}, error }));
    expect(step.state.status).toBe('incident');
    expect(step.state.incident).toMatchObject({ elementId: 'Call_CreditCheck' });
  });

  it('throw an error nothing catches on to their own caller when they were called', async () => {
    const model = await fixture();
    const state = start(model, {
      instanceId: 'i',
      variables: { orderAmount: 1 },
      called: true,
    }).state;
    const error = { message: 'error "OTHER" was thrown', errorCode: 'OTHER' };
    const step = advance(model, state, ended(state, { status: 'failed', variables: {}, error }));
    expect(step.state.status).toBe('failed');
    expect(effectsOf(step)).toContainEqual(
      expect.objectContaining({
        type: 'instanceEnded',
        status: 'failed',
        error: {
          elementId: 'Call_CreditCheck',
          message: 'the called process element-called-credit-check: error "OTHER" was thrown',
          errorCode: 'OTHER',
        },
      }),
    );
  });

  it('cancel the called instance when the caller is cancelled', async () => {
    const model = await fixture();
    const { state } = begin(model);
    const waitKey = callWait(state);
    const step = advance(model, state, { type: 'cancelRequested', by: null, reason: null });
    expect(step.commands.slice(1)).toEqual([{ type: 'cancelCalledInstance', waitKey }]);
    expect(() =>
      advance(model, step.state, ended(state, { status: 'cancelled', variables: {}, error: null })),
    ).toThrow(/the instance is cancelled/);
  });

  it('run once per item as a multi-instance activity, each call with its own input', async () => {
    const model = await fixture();
    model.nodes.Call_CreditCheck.multiInstance = {
      sequential: false,
      inputCollection: 'amounts',
      inputElement: 'orderAmount',
      outputCollection: 'limits',
      outputElement: 'creditLimit',
      completionCondition: null,
    };
    const first = start(model, { instanceId: 'i', variables: { amounts: [1, 2] } });
    const calls = effectsOf(first).filter((effect) => effect.type === 'startCalledInstance');
    expect(calls.map((effect) => 'variables' in effect && effect.variables)).toEqual([
      { amount: 1 },
      { amount: 2 },
    ]);
    const [one, two] = first.state.waits.map((wait) => wait.waitKey);
    const outcome = (limit: number) => ({
      status: 'completed' as const,
      variables: { limit },
      error: null,
    });
    const second = advance(model, first.state, {
      type: 'calledInstanceEnded',
      waitKey: two,
      ...outcome(4),
    });
    const done = advance(model, second.state, {
      type: 'calledInstanceEnded',
      waitKey: one,
      ...outcome(2),
    });
    expect(done.state.status).toBe('completed');
    expect(done.state.variables.limits).toEqual([2, 4]);
  });

  describe('error end events nothing catches', () => {
    const refuse = async (called: boolean) => {
      const model = await compileFixture('element-called-credit-check.bpmn');
      const { state } = start(model, { instanceId: 'c', variables: { amount: 1 }, called });
      const [task] = state.waits;
      return advance(model, state, {
        type: 'userTaskCompleted',
        waitKey: task.waitKey,
        variables: { rating: 'bad' },
        completedBy: null,
      });
    };

    it('end a called instance as failed with the error, for its call activity', async () => {
      const step = await refuse(true);
      expect(step.state.status).toBe('failed');
      expect(effectsOf(step)).toContainEqual(
        expect.objectContaining({
          type: 'instanceEnded',
          status: 'failed',
          error: expect.objectContaining({ elementId: 'End_Refused', errorCode: 'CREDIT_REFUSED' }),
        }),
      );
    });

    it('raise an incident on the end event in an instance nobody called', async () => {
      const step = await refuse(false);
      expect(step.state.status).toBe('incident');
      expect(step.state.incident).toMatchObject({ elementId: 'End_Refused' });
      expect(effectsOf(step).some((effect) => effect.type === 'instanceEnded')).toBe(false);
    });
  });
});
