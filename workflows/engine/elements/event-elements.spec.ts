/**
 * Message boundary events, message end events and boundary timer cycles on the pure engine:
 * the fixtures compiled and driven event by event.
 */
import { compileFixture as fixture } from '../../test/compile';
import { advance, start } from '../engine';
import type { ExecutableModel } from '../model';
import type { Effect, EngineState, Step, Variables } from '../types';

const effectsOf = (step: Step): Effect[] =>
  step.commands.flatMap((command) => (command.type === 'writeEffects' ? command.effects : []));

const elementsWith = (type: Effect['type']) => (step: Step) =>
  effectsOf(step).flatMap((effect) =>
    effect.type === type && 'elementId' in effect ? [effect.elementId] : [],
  );
const completed = elementsWith('elementCompleted');
const terminated = elementsWith('elementTerminated');

function waitAt(state: EngineState, elementId: string) {
  const wait = state.waits.find((candidate) => candidate.elementId === elementId);
  if (!wait) throw new Error(`nothing waits at ${elementId}: ${JSON.stringify(state.waits)}`);
  return wait;
}

const deliver = (
  model: ExecutableModel,
  state: EngineState,
  elementId: string,
  variables: Variables = {},
) =>
  advance(model, state, {
    type: 'messageReceived',
    waitKey: waitAt(state, elementId).waitKey,
    variables,
  });

const completeTask = (model: ExecutableModel, state: EngineState, elementId: string) =>
  advance(model, state, {
    type: 'userTaskCompleted',
    waitKey: waitAt(state, elementId).waitKey,
    variables: {},
    completedBy: null,
  });

const fire = (model: ExecutableModel, state: EngineState, elementId: string) =>
  advance(model, state, { type: 'timerFired', waitKey: waitAt(state, elementId).waitKey });

describe('message boundary events', () => {
  it('open a correlated wait per boundary while the task runs; non-interrupting ones fire again', async () => {
    const model = await fixture('element-message-boundary.bpmn');
    const started = start(model, { instanceId: 'i', variables: { clientId: 'c-1' } });
    expect(
      effectsOf(started).flatMap((effect) =>
        effect.type === 'openMessageWait'
          ? [`${effect.elementId} ${effect.messageName} ${effect.correlationKey}`]
          : [],
      ),
    ).toEqual([
      'Boundary_Change order-change-requested c-1',
      'Boundary_Cancelled order-cancelled c-1',
    ]);

    const changed = deliver(model, started.state, 'Boundary_Change', { change: 'blue' });
    expect(completed(changed)).toEqual(['Boundary_Change', 'Task_Change', 'End_Changed']);
    expect(changed.state.variables).toEqual({ clientId: 'c-1', change: 'blue' });
    expect(effectsOf(changed)).toContainEqual(
      expect.objectContaining({ type: 'createActivity', subject: 'Change: blue' }),
    );
    // The task is still open and the change may come again.
    expect(waitAt(changed.state, 'Task_Prepare').kind).toBe('userTask');
    const again = deliver(model, changed.state, 'Boundary_Change', { change: 'red' });
    expect(completed(again)).toEqual(['Boundary_Change', 'Task_Change', 'End_Changed']);

    const cancelled = deliver(model, again.state, 'Boundary_Cancelled');
    expect(terminated(cancelled)).toEqual(['Task_Prepare']);
    expect(completed(cancelled)).toEqual(['Boundary_Cancelled', 'End_Cancelled']);
    expect(
      effectsOf(cancelled).flatMap((effect) =>
        effect.type === 'closeMessageWait' || effect.type === 'cancelUserTask' ? [effect.type] : [],
      ),
    ).toEqual(['closeMessageWait', 'cancelUserTask', 'closeMessageWait']);
    expect(cancelled.state.status).toBe('completed');
  });

  it('on a subprocess end everything inside it; the waits close when it completes', async () => {
    const model = await fixture('element-message-boundary.bpmn');
    const started = start(model, { instanceId: 'i', variables: { clientId: 'c-1' } });
    const delivering = completeTask(model, started.state, 'Task_Prepare');
    expect(delivering.state.waits.map((wait) => wait.elementId)).toEqual([
      'Boundary_Stop',
      'Task_Deliver',
    ]);
    const stopped = deliver(model, delivering.state, 'Boundary_Stop');
    expect(terminated(stopped)).toEqual(['Task_Deliver', 'Sub_Delivery']);
    expect(completed(stopped)).toEqual(['Boundary_Stop', 'Task_CallClient', 'End_Stopped']);
    expect(stopped.state.status).toBe('completed');

    const delivered = completeTask(model, delivering.state, 'Task_Deliver');
    expect(completed(delivered)).toEqual([
      'Task_Deliver',
      'End_Delivery',
      'Sub_Delivery',
      'End_Delivered',
    ]);
    expect(effectsOf(delivered)).toContainEqual(
      expect.objectContaining({ type: 'closeMessageWait', status: 'cancelled' }),
    );
    expect(delivered.state.status).toBe('completed');
  });
});

describe('boundary timer cycles', () => {
  it('fire every interval while the task is open, at most as often as the cycle repeats', async () => {
    const model = await fixture('element-timer-cycle.bpmn');
    let step = start(model, { instanceId: 'i', variables: {} });
    expect(step.commands).toContainEqual({
      type: 'startTimer',
      waitKey: waitAt(step.state, 'Boundary_Remind').waitKey,
      elementId: 'Boundary_Remind',
      durationMs: 1000,
    });
    for (let fire_ = 1; fire_ <= 3; fire_++) {
      step = fire(model, step.state, 'Boundary_Remind');
      expect(completed(step)).toEqual(['Boundary_Remind', 'Task_Remind', 'End_Reminded']);
      const rearmed = step.commands.filter((command) => command.type === 'startTimer');
      expect(rearmed).toHaveLength(fire_ < 3 ? 1 : 0);
    }
    expect(step.state.waits.map((wait) => wait.elementId)).toEqual(['Task_FollowUp']);
    expect(completeTask(model, step.state, 'Task_FollowUp').state.status).toBe('completed');
  });

  it('stop when the task completes before the cycle is done', async () => {
    const model = await fixture('element-timer-cycle.bpmn');
    const started = start(model, { instanceId: 'i', variables: {} });
    const once = fire(model, started.state, 'Boundary_Remind');
    const done = completeTask(model, once.state, 'Task_FollowUp');
    expect(done.commands).toContainEqual({
      type: 'cancelTimer',
      waitKey: waitAt(once.state, 'Boundary_Remind').waitKey,
    });
    expect(done.state.status).toBe('completed');
  });
});

describe('conditional events', () => {
  const change = (model: ExecutableModel, state: EngineState, variables: Variables) =>
    advance(model, state, { type: 'variablesChanged', variables, by: null });

  it('fire a non-interrupting boundary each time its condition comes to hold', async () => {
    const model = await fixture('element-conditional-events.bpmn');
    const started = start(model, { instanceId: 'i', variables: { discount: 5, lost: false } });
    expect(started.state.waits.map((wait) => wait.kind)).toEqual([
      'userTask',
      'condition',
      'condition',
    ]);
    const high = change(model, started.state, { discount: 25 });
    expect(completed(high)).toEqual(['Boundary_HighDiscount', 'Task_AskApproval', 'End_Asked']);
    expect(effectsOf(high)).toContainEqual(
      expect.objectContaining({ type: 'createActivity', subject: 'Approve a discount of 25 %' }),
    );
    // Still above 20: it held already, so it does not fire again.
    const higher = change(model, high.state, { discount: 30 });
    expect(completed(higher)).toEqual([]);
    const lower = change(model, higher.state, { discount: 10 });
    expect(completed(lower)).toEqual([]);
    const again = change(model, lower.state, { discount: 22 });
    expect(completed(again)).toEqual(['Boundary_HighDiscount', 'Task_AskApproval', 'End_Asked']);

    const lost = change(model, again.state, { lost: true });
    expect(terminated(lost)).toEqual(['Task_Negotiate']);
    expect(completed(lost)).toEqual(['Boundary_Lost', 'End_Lost']);
    expect(lost.state.status).toBe('completed');
  });

  it('let the token of a catch event go on once the condition holds, at once if it does', async () => {
    const model = await fixture('element-conditional-events.bpmn');
    const started = start(model, { instanceId: 'i', variables: { discount: 5, lost: false } });
    const negotiated = completeTask(model, started.state, 'Task_Negotiate');
    expect(negotiated.state.waits).toEqual([
      expect.objectContaining({ kind: 'condition', elementId: 'Catch_Paid', holds: false }),
    ]);
    const paid = change(model, negotiated.state, { paid: true });
    expect(completed(paid)).toEqual(['Catch_Paid', 'End']);
    expect(paid.state.status).toBe('completed');

    const paidBefore = start(model, { instanceId: 'j', variables: { discount: 5, paid: true } });
    const done = advance(model, paidBefore.state, {
      type: 'userTaskCompleted',
      waitKey: waitAt(paidBefore.state, 'Task_Negotiate').waitKey,
      variables: { lost: false },
      completedBy: null,
    });
    expect(completed(done)).toEqual(['Task_Negotiate', 'Catch_Paid', 'End']);
  });

  it('take a condition that gives null (a missing or mistyped variable) as not holding', async () => {
    const model = await fixture('element-conditional-events.bpmn');
    const started = start(model, { instanceId: 'i', variables: {} });
    const mistyped = change(model, started.state, { discount: 'a lot' });
    expect(completed(mistyped)).toEqual([]);
    expect(mistyped.state.waits.filter((wait) => wait.kind === 'condition')).toEqual([
      expect.objectContaining({ elementId: 'Boundary_HighDiscount', holds: false }),
      expect.objectContaining({ elementId: 'Boundary_Lost', holds: false }),
    ]);
    const fixed = change(model, mistyped.state, { discount: 40 });
    expect(completed(fixed)).toEqual(['Boundary_HighDiscount', 'Task_AskApproval', 'End_Asked']);
  });
});
