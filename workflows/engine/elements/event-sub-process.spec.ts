/**
 * Event subprocesses on the pure engine: the fixture element-event-subprocess.bpmn driven event
 * by event, plus hand-built shapes it does not have.
 */
import { compileFixture } from '../../test/compile';
import { graph } from '../../test/models';
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

const waitKeyAt = (state: EngineState, elementId: string) => {
  const wait = state.waits.find((candidate) => candidate.elementId === elementId);
  if (!wait) throw new Error(`nothing waits at ${elementId}: ${JSON.stringify(state.waits)}`);
  return wait.waitKey;
};

const prepare = (model: ExecutableModel, state: EngineState, variables: Variables) =>
  advance(model, state, {
    type: 'userTaskCompleted',
    waitKey: waitKeyAt(state, 'Task_Prepare'),
    variables,
    completedBy: null,
  });

const fixture = () => compileFixture('element-event-subprocess.bpmn');
const variables = { remindAfter: 'PT1H', clientId: 'client-1' };

describe('event subprocesses', () => {
  it('listen while their scope runs and stop listening when it ends', async () => {
    const model = await fixture();
    const started = start(model, { instanceId: 'i', variables });
    expect(started.state.waits.map(({ kind, elementId }) => [kind, elementId])).toEqual([
      ['message', 'Event_Cancelled'],
      ['signal', 'Event_PriceList'],
      ['timer', 'Event_Reminder'],
      ['userTask', 'Task_Prepare'],
    ]);
    expect(effectsOf(started)).toContainEqual(
      expect.objectContaining({
        type: 'openMessageWait',
        elementId: 'Event_Cancelled',
        messageName: 'order-cancelled',
        correlationKey: 'client-1',
      }),
    );
    // Listening is no element on the path.
    expect(elementsWith('elementStarted')(started)).not.toContain('Event_Reminder');

    const done = prepare(model, started.state, { outOfStock: false });
    expect(completed(done)).toEqual([
      'Task_Prepare',
      'Gateway_InStock',
      'Inner_End',
      'Sub_Preparation',
      'Task_Confirm',
      'End',
    ]);
    expect(effectsOf(done)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: 'closeMessageWait', status: 'cancelled' }),
        expect.objectContaining({ type: 'closeSignalWait', status: 'cancelled' }),
      ]),
    );
    expect(done.commands).toContainEqual({
      type: 'cancelTimer',
      waitKey: waitKeyAt(started.state, 'Event_Reminder'),
    });
    expect(done.state).toMatchObject({ status: 'completed', tokens: [], waits: [] });
  });

  it('non-interrupting with a timer: runs once beside the task, which stays open', async () => {
    const model = await fixture();
    const started = start(model, { instanceId: 'i', variables });
    const reminded = advance(model, started.state, {
      type: 'timerFired',
      waitKey: waitKeyAt(started.state, 'Event_Reminder'),
    });
    expect(completed(reminded)).toEqual([
      'Reminder_Start',
      'Task_Reminder',
      'Reminder_End',
      'Event_Reminder',
    ]);
    expect(terminated(reminded)).toEqual([]);
    expect(reminded.state.waits.map((wait) => wait.elementId)).toEqual([
      'Event_Cancelled',
      'Event_PriceList',
      'Task_Prepare',
    ]);
    const done = prepare(model, reminded.state, { outOfStock: false });
    expect(done.state.status).toBe('completed');
  });

  it('with an error: catches the error thrown in its subprocess, which then completes', async () => {
    const model = await fixture();
    const started = start(model, { instanceId: 'i', variables });
    const step = prepare(model, started.state, { outOfStock: true });
    expect(completed(step)).toEqual([
      'Task_Prepare',
      'Gateway_InStock',
      'End_OutOfStock',
      'OutOfStock_Start',
      'Task_OutOfStockCall',
      'OutOfStock_End',
      'Event_OutOfStock',
      'Sub_Preparation',
      'Task_Confirm',
      'End',
    ]);
    expect(effectsOf(step)).toContainEqual(
      expect.objectContaining({ type: 'createActivity', subject: 'Offer a replacement' }),
    );
    // Interrupting, it stopped the reminder timer of the same subprocess.
    expect(step.commands).toContainEqual({
      type: 'cancelTimer',
      waitKey: waitKeyAt(started.state, 'Event_Reminder'),
    });
    expect(step.state.status).toBe('completed');
  });

  it('interrupting with a message: ends everything in the process, the open task included', async () => {
    const model = await fixture();
    const started = start(model, { instanceId: 'i', variables });
    const step = advance(model, started.state, {
      type: 'messageReceived',
      waitKey: waitKeyAt(started.state, 'Event_Cancelled'),
      variables: { reason: 'too expensive' },
    });
    expect(terminated(step)).toEqual(['Task_Prepare', 'Sub_Preparation']);
    expect(completed(step)).toEqual([
      'Cancelled_Start',
      'Task_CancellationCall',
      'Cancelled_End',
      'Event_Cancelled',
    ]);
    expect(effectsOf(step).map((effect) => effect.type)).toEqual(
      expect.arrayContaining(['closeMessageWait', 'cancelUserTask', 'closeSignalWait']),
    );
    expect(step.state).toMatchObject({
      status: 'completed',
      variables: { reason: 'too expensive' },
    });
  });

  it('non-interrupting with a signal: runs each time the signal comes, listening again after', async () => {
    const model = await fixture();
    let { state } = start(model, { instanceId: 'i', variables });
    for (const count of [1, 2]) {
      const step = advance(model, state, {
        type: 'signalReceived',
        signalName: 'price-list-changed',
        variables: {},
      });
      expect(completed(step)).toEqual([
        'PriceList_Start',
        'Script_NotePriceList',
        'PriceList_End',
        'Event_PriceList',
      ]);
      expect(step.state.variables.priceListChanges).toBe(count);
      expect(step.state.waits.filter((wait) => wait.elementId === 'Event_PriceList')).toHaveLength(
        1,
      );
      state = step.state;
    }
    expect(waitKeyAt(state, 'Task_Prepare')).toBeDefined();
  });

  it('catch before the boundary event of their subprocess; one without a code catches at the process', () => {
    const model = graph(
      {
        Start: { kind: 'startEvent' },
        Sub: { kind: 'subProcess', startNodeId: 'SubStart', nodeIds: ['SubStart', 'Fail', 'Esc'] },
        SubStart: { kind: 'startEvent' },
        Fail: { kind: 'escalationEndEvent', escalationCode: 'LATE' },
        Esc: {
          kind: 'eventSubProcess',
          startNodeId: 'EscStart',
          nodeIds: ['EscStart', 'EscFail'],
          interrupting: false,
          trigger: { kind: 'escalation', escalationCode: 'LATE' },
        },
        EscStart: { kind: 'startEvent' },
        EscFail: { kind: 'errorEndEvent', errorCode: 'BROKEN' },
        Boundary: {
          kind: 'boundaryEscalation',
          attachedToId: 'Sub',
          cancelActivity: true,
          escalationCode: null,
        },
        End: { kind: 'endEvent' },
        Any: {
          kind: 'eventSubProcess',
          startNodeId: 'AnyStart',
          nodeIds: ['AnyStart', 'AnyEnd'],
          interrupting: true,
          trigger: { kind: 'error', errorCode: null },
        },
        AnyStart: { kind: 'startEvent' },
        AnyEnd: { kind: 'endEvent' },
      },
      [
        ['F0', 'Start', 'Sub'],
        ['F1', 'SubStart', 'Fail'],
        ['F2', 'Sub', 'End'],
        ['F3', 'EscStart', 'EscFail'],
        ['F4', 'AnyStart', 'AnyEnd'],
        ['F5', 'Boundary', 'End'],
      ],
    );
    const step = start(model, { instanceId: 'i', variables: {} });
    // The escalation starts the event subprocess inside Sub, not Sub's boundary event; the
    // error thrown there is not caught inside, so the process's error event subprocess ends Sub.
    expect(completed(step)).toEqual([
      'Start',
      'SubStart',
      'Fail',
      'EscStart',
      'EscFail',
      'AnyStart',
      'AnyEnd',
      'Any',
    ]);
    expect(terminated(step)).toEqual(['Esc', 'Sub']);
    expect(step.state).toMatchObject({ status: 'completed', tokens: [], waits: [] });
  });

  it('listen again after a retry when their timer date was beyond the maximum', async () => {
    const model = await fixture();
    const reminder = model.nodes.Event_Reminder;
    if (reminder.kind !== 'eventSubProcess') throw new Error('not an event subprocess');
    reminder.trigger = { kind: 'timer', date: '=remindAt' };
    const first = start(model, {
      instanceId: 'i',
      variables: { ...variables, remindAt: '2050-01-01T00:00:00Z' },
    });
    const waitKey = waitKeyAt(first.state, 'Event_Reminder');
    const step = advance(model, first.state, {
      type: 'timerBeyondMaximum',
      waitKey,
      inMs: 9000 * 86_400_000,
    });
    expect(step.state.incident).toMatchObject({ elementId: 'Event_Reminder' });
    const fixed = advance(model, step.state, {
      type: 'variablesChanged',
      variables: { remindAt: '2030-01-01T00:00:00Z' },
      by: null,
    });
    const incidentKey = step.state.incident?.key ?? '';
    const retried = advance(model, fixed.state, { type: 'incidentRetried', incidentKey, by: null });
    expect(retried.state.status).toBe('running');
    expect(completed(retried)).toEqual([]);
    expect(retried.state.waits).toContainEqual(
      expect.objectContaining({ elementId: 'Event_Reminder', dueAt: '2030-01-01T00:00:00.000Z' }),
    );
    const listening = retried.state.tokens.filter((token) => token.nodeId === 'Event_Reminder');
    expect(listening).toHaveLength(1);
  });
});
