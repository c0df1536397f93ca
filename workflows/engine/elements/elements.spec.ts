/**
 * The element kinds beyond the first seven, run on the pure engine: each fixture from
 * workflows/bpmn/fixtures compiled and driven event by event, plus hand-built shapes the
 * fixtures do not have.
 */
import { compileFixture as fixture } from '../../test/compile';
import { createTask, graph, type NodeSpec, prng } from '../../test/models';
import { advance, start } from '../engine';
import type { ExecutableModel } from '../model';
import type { Command, Effect, EngineEvent, EngineState, Step, Variables } from '../types';

const userTask: NodeSpec = { kind: 'userTask', assignee: null, candidateRole: null, dueIn: null };
function effectsOf(step: Step): Effect[] {
  return step.commands.flatMap((command) =>
    command.type === 'writeEffects' ? command.effects : [],
  );
}

function otherCommands(step: Step): Command[] {
  return step.commands.filter((command) => command.type !== 'writeEffects');
}

/** The elements completed in the step, in order. */
function completed(step: Step): string[] {
  return effectsOf(step).flatMap((effect) =>
    effect.type === 'elementCompleted' ? [effect.elementId] : [],
  );
}

/** The elements terminated in the step (ended unfinished by a boundary event), in order. */
function terminated(step: Step): string[] {
  return effectsOf(step).flatMap((effect) =>
    effect.type === 'elementTerminated' ? [effect.elementId] : [],
  );
}

function ended(step: Step) {
  return effectsOf(step).find((effect) => effect.type === 'instanceEnded');
}

/** The incident the step raised (its other effects are discarded with the step). */
function incidentOf(step: Step) {
  expect(step.state.status).toBe('incident');
  return effectsOf(step).find((effect) => effect.type === 'incidentRaised');
}

function waitAt(state: EngineState, elementId: string) {
  const wait = state.waits.find((candidate) => candidate.elementId === elementId);
  if (!wait) throw new Error(`nothing waits at ${elementId}: ${JSON.stringify(state.waits)}`);
  return wait;
}

function completeTask(
  state: EngineState,
  model: ExecutableModel,
  elementId: string,
  variables: Variables = {},
) {
  const { waitKey } = waitAt(state, elementId);
  return advance(model, state, {
    type: 'userTaskCompleted',
    waitKey,
    variables,
    completedBy: null,
  });
}

function fireTimer(state: EngineState, model: ExecutableModel, elementId: string) {
  return advance(model, state, { type: 'timerFired', waitKey: waitAt(state, elementId).waitKey });
}

const run = (model: ExecutableModel, variables: Variables = {}) =>
  start(model, { instanceId: 'i', variables });

describe('plain and manual tasks', () => {
  it('pass the token on, each started and completed on the path', async () => {
    const step = run(await fixture('element-tasks.bpmn'));
    expect(completed(step)).toEqual([
      'Start',
      'Task_Prepare',
      'Task_Phone',
      'Task_MarkPotential',
      'End',
    ]);
    expect(effectsOf(step)).toContainEqual(
      expect.objectContaining({
        type: 'elementStarted',
        elementId: 'Task_Phone',
        elementKind: 'manualTask',
      }),
    );
    expect(effectsOf(step)).toContainEqual(
      expect.objectContaining({ type: 'setClientStatus', status: 'potential' }),
    );
    expect(step.state.status).toBe('completed');
  });
});

describe('script tasks', () => {
  it('store the FEEL value in the result variable, for the next steps to read', async () => {
    const step = run(await fixture('element-script-task.bpmn'), { price: 250, quantity: 5 });
    expect(step.state.variables).toEqual({ price: 250, quantity: 5, total: 1250, size: 'large' });
    const changes = effectsOf(step).filter((effect) => effect.type === 'variablesChanged');
    expect(changes).toEqual([
      expect.objectContaining({ variables: { price: 250, quantity: 5, total: 1250 }, by: null }),
      expect.objectContaining({
        variables: { price: 250, quantity: 5, total: 1250, size: 'large' },
      }),
    ]);
    expect(effectsOf(step)).toContainEqual(
      expect.objectContaining({ type: 'createActivity', subject: 'Offer for 1250 (large)' }),
    );
  });

  it('takes the other branch of the FEEL if for a small order', async () => {
    const step = run(await fixture('element-script-task.bpmn'), { price: 10, quantity: 2 });
    expect(step.state.variables).toMatchObject({ total: 20, size: 'small' });
  });

  it('raises an incident, naming the element, when the value is not plain data', () => {
    const model = graph(
      {
        Start: { kind: 'startEvent' },
        Script: { kind: 'scriptTask', expression: '=[1..3]', resultVariable: 'range' },
        End: { kind: 'endEvent' },
      },
      [
        ['F1', 'Start', 'Script'],
        ['F2', 'Script', 'End'],
      ],
    );
    const step = run(model);
    expect(incidentOf(step)).toMatchObject({
      elementId: 'Script',
      message: expect.stringContaining('the script: '),
    });
    expect(step.state.variables).toEqual({});
  });
});

describe('terminate end events', () => {
  it('end the instance at once: open user tasks are cancelled, timers stopped', async () => {
    const model = await fixture('element-terminate-end.bpmn');
    const first = run(model, { reminderIn: 'P3D' });
    expect(first.state.waits.map((wait) => wait.elementId)).toEqual([
      'Task_Review',
      'Timer_Reminder',
      'Task_Withdraw',
    ]);
    const reviewKey = waitAt(first.state, 'Task_Review').waitKey;
    const timerKey = waitAt(first.state, 'Timer_Reminder').waitKey;

    const step = completeTask(first.state, model, 'Task_Withdraw');
    expect(completed(step)).toEqual(['Task_Withdraw', 'Task_MarkLost', 'End_Withdrawn']);
    expect(effectsOf(step).slice(-2)).toEqual([
      expect.objectContaining({ type: 'cancelUserTask', waitKey: reviewKey }),
      expect.objectContaining({ type: 'instanceEnded', status: 'completed', error: null }),
    ]);
    expect(otherCommands(step)).toEqual([{ type: 'cancelTimer', waitKey: timerKey }]);
    expect(step.state).toMatchObject({ status: 'completed', tokens: [], waits: [], joins: {} });
  });

  it('drop tokens still on their way in the same batch, and a join waiting for them', () => {
    const model = graph(
      {
        Start: { kind: 'startEvent' },
        Fork: { kind: 'parallelGateway' },
        Stop: { kind: 'terminateEndEvent' },
        Work: createTask('never'),
        Timer: { kind: 'timerCatch', duration: 'PT1M' },
        Join: { kind: 'parallelGateway' },
        End: { kind: 'endEvent' },
      },
      [
        ['F0', 'Start', 'Fork'],
        ['F1', 'Fork', 'Stop'],
        ['F2', 'Fork', 'Work'],
        ['F3', 'Fork', 'Timer'],
        ['F4', 'Work', 'Join'],
        ['F5', 'Timer', 'Join'],
        ['F6', 'Join', 'End'],
      ],
    );
    const step = run(model);
    expect(completed(step)).toEqual(['Start', 'Fork', 'Stop']);
    expect(effectsOf(step).map((effect) => effect.type)).not.toContain('createActivity');
    expect(ended(step)).toMatchObject({ status: 'completed' });
    // The timer was never started, so there is nothing to cancel either.
    expect(otherCommands(step)).toEqual([]);
  });
});

describe('timers until a date', () => {
  it('wait until the moment, in UTC, from FEEL or a literal date', async () => {
    const model = await fixture('element-timer-date.bpmn');
    const first = run(model, { callBackAt: '2030-01-31T09:00:00+01:00' });
    expect(otherCommands(first)).toEqual([
      {
        type: 'startTimer',
        waitKey: waitAt(first.state, 'Timer_CallBackAt').waitKey,
        elementId: 'Timer_CallBackAt',
        dueAt: '2030-01-31T08:00:00.000Z',
      },
    ]);
    expect(first.state.waits[0]).toMatchObject({
      kind: 'timer',
      dueAt: '2030-01-31T08:00:00.000Z',
    });

    const second = fireTimer(first.state, model, 'Timer_CallBackAt');
    expect(completed(second)).toEqual(['Timer_CallBackAt', 'Task_CallBack']);
    // A moment long past still waits through the shell, which fires it at once.
    expect(otherCommands(second)).toEqual([
      expect.objectContaining({ elementId: 'Timer_Past', dueAt: '2020-01-01T08:00:00.000Z' }),
    ]);
    const last = fireTimer(second.state, model, 'Timer_Past');
    expect(ended(last)).toMatchObject({ status: 'completed' });
  });

  it.each([
    [{ callBackAt: '2030-01-31T09:00:00' }, 'date and time'],
    [{ callBackAt: null }, 'evaluated to null'],
    [{ callBackAt: 'next week' }, 'the timer date'],
  ])('raise an incident on %j, naming the timer', async (variables, message) => {
    const step = run(await fixture('element-timer-date.bpmn'), variables);
    expect(incidentOf(step)).toMatchObject({
      elementId: 'Timer_CallBackAt',
      message: expect.stringContaining(message),
    });
  });
});

describe('link events', () => {
  it.each([
    [true, ['Gateway_Urgent', 'Task_Urgent', 'Link_FromUrgent']],
    [false, ['Gateway_Urgent', 'Task_Regular', 'Link_FromRegular']],
  ])('jump to the catch event of the same name (urgent: %s)', async (urgent, path) => {
    const step = run(await fixture('element-link-events.bpmn'), { urgent });
    expect(completed(step)).toEqual(['Start', ...path, 'Link_FollowUp', 'Task_FollowUp', 'End']);
    expect(ended(step)).toMatchObject({ status: 'completed' });
  });
});

describe('inclusive gateways', () => {
  const products = (wantsLoan: boolean, wantsCard: boolean, wantsInsurance: boolean) => ({
    wantsLoan,
    wantsCard,
    wantsInsurance,
  });

  it('split along every flow whose condition holds; the join waits for the open branch', async () => {
    const model = await fixture('element-inclusive-gateway.bpmn');
    const first = run(model, products(true, true, false));
    expect(completed(first)).toEqual(['Start', 'Split', 'Task_CardBrochure']);
    expect(first.state.joins).toEqual({ Join: ['Flow_CardDone'] });
    expect(effectsOf(first).map((effect) => effect.type)).not.toContain('instanceEnded');

    const last = completeTask(first.state, model, 'Task_LoanOffer', { offerMade: true });
    expect(completed(last)).toEqual([
      'Task_LoanOffer',
      'Gateway_OfferMade',
      'Join',
      'Task_MarkPotential',
      'End',
    ]);
    expect(ended(last)).toMatchObject({ status: 'completed' });
  });

  it('stop waiting for a branch once its token went elsewhere', async () => {
    const model = await fixture('element-inclusive-gateway.bpmn');
    const first = run(model, products(true, false, true));
    const last = completeTask(first.state, model, 'Task_LoanOffer', { offerMade: false });
    expect(completed(last)).toEqual([
      'Task_LoanOffer',
      'Gateway_OfferMade',
      'End_NoOffer',
      'Join',
      'Task_MarkPotential',
      'End',
    ]);
    expect(ended(last)).toMatchObject({ status: 'completed' });
  });

  it('go on at once when every chosen branch arrives in the same batch', async () => {
    const step = run(await fixture('element-inclusive-gateway.bpmn'), products(false, true, true));
    expect(completed(step)).toEqual([
      'Start',
      'Split',
      'Task_CardBrochure',
      'Task_InsuranceCall',
      'Join',
      'Task_MarkPotential',
      'End',
    ]);
    expect(completed(step).filter((id) => id === 'Join')).toHaveLength(1);
  });

  it('take the default flow when no condition holds', async () => {
    const step = run(
      await fixture('element-inclusive-gateway.bpmn'),
      products(false, false, false),
    );
    expect(completed(step)).toEqual([
      'Start',
      'Split',
      'Task_Info',
      'Join',
      'Task_MarkPotential',
      'End',
    ]);
  });

  it('raise an incident when no condition holds and there is no default flow', () => {
    const model = graph(
      {
        Start: { kind: 'startEvent' },
        Split: { kind: 'inclusiveGateway', defaultFlowId: null },
        A: { kind: 'endEvent' },
        B: { kind: 'endEvent' },
      },
      [
        ['F0', 'Start', 'Split'],
        ['F1', 'Split', 'A', 'false'],
        ['F2', 'Split', 'B', 'x > 1'],
      ],
    );
    expect(incidentOf(run(model, { x: 0 }))).toMatchObject({
      elementId: 'Split',
      message: expect.stringContaining('no condition of inclusive gateway'),
    });
  });

  it('wait for a token that can still arrive through a link jump', () => {
    const model = graph(
      {
        Start: { kind: 'startEvent' },
        Fork: { kind: 'parallelGateway' },
        Direct: createTask('direct'),
        Wait: userTask,
        Throw: { kind: 'linkThrow', linkName: 'L', targetId: 'Catch' },
        Catch: { kind: 'linkCatch', linkName: 'L' },
        Join: { kind: 'inclusiveGateway', defaultFlowId: null },
        End: { kind: 'endEvent' },
      },
      [
        ['F0', 'Start', 'Fork'],
        ['F1', 'Fork', 'Direct'],
        ['F2', 'Fork', 'Wait'],
        ['F3', 'Wait', 'Throw'],
        ['F4', 'Direct', 'Join'],
        ['F5', 'Catch', 'Join'],
        ['F6', 'Join', 'End'],
      ],
    );
    const first = run(model);
    expect(completed(first)).not.toContain('Join');
    const last = completeTask(first.state, model, 'Wait');
    expect(completed(last)).toEqual(['Wait', 'Throw', 'Catch', 'Join', 'End']);
  });

  it.each([
    ['the stuck join', false, 'Stuck', 'no token is left to arrive'],
    ['the inclusive join', true, 'Join', 'waits for a join before it that can no longer go on'],
  ])(
    'wait for a join before them that holds arrivals; a stranded one raises an incident, named by %s',
    (_name, joinFirst, elementId, message) => {
      const forkFlows: [string, string, string][] = [
        ['F3', 'Fork', 'A'],
        ['F4', 'Fork', 'B'],
      ];
      if (joinFirst) forkFlows.reverse();
      const model = graph(
        {
          Start: { kind: 'startEvent' },
          Choose: { kind: 'exclusiveGateway', defaultFlowId: 'F2' },
          Fork: { kind: 'parallelGateway' },
          A: createTask('a'),
          B: createTask('b'),
          Stuck: { kind: 'parallelGateway' },
          Join: { kind: 'inclusiveGateway', defaultFlowId: null },
          End: { kind: 'endEvent' },
        },
        [
          ['F0', 'Start', 'Choose'],
          ['F1', 'Choose', 'Stuck', 'false'],
          ['F2', 'Choose', 'Fork'],
          ...forkFlows,
          ['F5', 'A', 'Stuck'],
          ['F6', 'Stuck', 'Join'],
          ['F7', 'B', 'Join'],
          ['F8', 'Join', 'End'],
        ],
      );
      const step = run(model);
      // The start is discarded whole: the incident holds it, from before any element ran.
      expect(completed(step)).toEqual([]);
      expect(step.state).toMatchObject({ tokens: [], incident: { pending: { type: 'start' } } });
      expect(incidentOf(step)).toMatchObject({
        elementId,
        message: expect.stringContaining(message),
      });
    },
  );

  it('join and split again when one gateway has several incoming and outgoing flows', () => {
    const model = graph(
      {
        Start: { kind: 'startEvent' },
        Fork: { kind: 'parallelGateway' },
        A: createTask('a'),
        B: createTask('b'),
        Both: { kind: 'inclusiveGateway', defaultFlowId: 'ToY' },
        X: createTask('x'),
        Y: createTask('y'),
        EndX: { kind: 'endEvent' },
        EndY: { kind: 'endEvent' },
      },
      [
        ['F0', 'Start', 'Fork'],
        ['F1', 'Fork', 'A'],
        ['F2', 'Fork', 'B'],
        ['F3', 'A', 'Both'],
        ['F4', 'B', 'Both'],
        ['ToX', 'Both', 'X', 'pick = "x"'],
        ['ToY', 'Both', 'Y'],
        ['F5', 'X', 'EndX'],
        ['F6', 'Y', 'EndY'],
      ],
    );
    const step = run(model, { pick: 'x' });
    expect(completed(step)).toEqual(['Start', 'Fork', 'A', 'B', 'Both', 'X', 'EndX']);
    expect(step.state.status).toBe('completed');
  });
});

describe('none throw events, send tasks and message throw events', () => {
  it('pass the token on; the message senders publish with their key evaluated', async () => {
    const step = run(await fixture('element-send-task.bpmn'), { clientId: 'client-7', offer: 3 });
    expect(completed(step)).toEqual([
      'Start',
      'Milestone_Approved',
      'Task_SendOffer',
      'Message_NotifyPartner',
      'Task_FollowUp',
      'End',
    ]);
    expect(
      effectsOf(step).flatMap((effect) =>
        effect.type === 'elementStarted' ? [effect.elementKind] : [],
      ),
    ).toEqual(['startEvent', 'noneThrow', 'sendTask', 'messageThrow', 'serviceTask', 'endEvent']);
    const published = effectsOf(step).filter((effect) => effect.type === 'publishMessage');
    expect(published).toEqual([
      {
        type: 'publishMessage',
        key: expect.any(String),
        elementId: 'Task_SendOffer',
        messageName: 'offer',
        correlationKey: 'client-7',
        variables: { clientId: 'client-7', offer: 3 },
      },
      expect.objectContaining({
        elementId: 'Message_NotifyPartner',
        messageName: 'partner-notified',
        correlationKey: 'partners',
      }),
    ]);
    expect(new Set(published.map((effect) => effect.key)).size).toBe(2);
  });

  it('fail the instance when the correlation key is not text', async () => {
    const step = run(await fixture('element-send-task.bpmn'), {});
    expect(step.state.status).not.toBe('completed');
    expect(effectsOf(step).some((effect) => effect.type === 'publishMessage')).toBe(false);
  });
});

describe('boundary timer events', () => {
  const variables = { reminderIn: 'P1D', overdueIn: 'P2D', supervisor: 'sam@example.com' };

  it('start with their user task, one timer each', async () => {
    const model = await fixture('element-boundary-timer.bpmn');
    const first = run(model, variables);
    expect(first.state.waits.map((wait) => [wait.elementId, wait.tokenId])).toEqual([
      ['Task_Review', 'i:0'],
      ['Boundary_Reminder', 'i:0'],
      ['Boundary_Overdue', 'i:0'],
    ]);
    expect(otherCommands(first)).toEqual([
      {
        type: 'startTimer',
        waitKey: 'i:6',
        elementId: 'Boundary_Reminder',
        durationMs: 86_400_000,
      },
      {
        type: 'startTimer',
        waitKey: 'i:7',
        elementId: 'Boundary_Overdue',
        durationMs: 172_800_000,
      },
    ]);
  });

  it('non-interrupting: a new token takes the boundary flow, the task stays open', async () => {
    const model = await fixture('element-boundary-timer.bpmn');
    const reminded = fireTimer(run(model, variables).state, model, 'Boundary_Reminder');
    expect(completed(reminded)).toEqual([
      'Boundary_Reminder',
      'Task_RemindManager',
      'End_Reminded',
    ]);
    expect(effectsOf(reminded)).toContainEqual(
      expect.objectContaining({ type: 'createActivity', activityKind: 'call' }),
    );
    expect(otherCommands(reminded)).toEqual([]);
    expect(reminded.state.waits.map((wait) => wait.elementId)).toEqual([
      'Task_Review',
      'Boundary_Overdue',
    ]);
    const signing = completeTask(reminded.state, model, 'Task_Review');
    expect(signing.state.waits.map((wait) => wait.elementId)).toEqual(['Task_Sign']);
  });

  it('interrupting: cancels the task and the other timers, the token takes the boundary flow', async () => {
    const model = await fixture('element-boundary-timer.bpmn');
    const first = run(model, variables);
    const reviewKey = waitAt(first.state, 'Task_Review').waitKey;
    const reminderKey = waitAt(first.state, 'Boundary_Reminder').waitKey;
    const overdue = fireTimer(first.state, model, 'Boundary_Overdue');
    expect(completed(overdue)).toEqual(['Boundary_Overdue', 'Task_Escalate', 'End_Escalated']);
    expect(terminated(overdue)).toEqual(['Task_Review']);
    expect(effectsOf(overdue)[0]).toEqual({
      type: 'cancelUserTask',
      key: 'i:8',
      waitKey: reviewKey,
    });
    expect(effectsOf(overdue)).toContainEqual(
      expect.objectContaining({ type: 'createActivity', assignee: 'sam@example.com' }),
    );
    expect(otherCommands(overdue)).toEqual([{ type: 'cancelTimer', waitKey: reminderKey }]);
    expect(ended(overdue)).toMatchObject({ status: 'completed' });
  });

  it('stop when the task is completed first', async () => {
    const model = await fixture('element-boundary-timer.bpmn');
    const first = run(model, variables);
    const timerKeys = ['Boundary_Reminder', 'Boundary_Overdue'].map(
      (id) => waitAt(first.state, id).waitKey,
    );
    const reviewed = completeTask(first.state, model, 'Task_Review');
    expect(completed(reviewed)).toEqual(['Task_Review']);
    expect(otherCommands(reviewed)).toEqual(
      timerKeys.map((waitKey) => ({ type: 'cancelTimer', waitKey })),
    );
    expect(reviewed.state.waits.map((wait) => wait.elementId)).toEqual(['Task_Sign']);
  });

  it('never start on a service task, which finishes in its step', () => {
    const model = graph(
      {
        Start: { kind: 'startEvent' },
        Work: createTask('at once'),
        Late: {
          kind: 'boundaryTimer',
          attachedToId: 'Work',
          cancelActivity: true,
          duration: 'PT1M',
        },
        End: { kind: 'endEvent' },
        LateEnd: { kind: 'endEvent' },
      },
      [
        ['F0', 'Start', 'Work'],
        ['F1', 'Work', 'End'],
        ['F2', 'Late', 'LateEnd'],
      ],
    );
    const step = run(model);
    expect(completed(step)).toEqual(['Start', 'Work', 'End']);
    expect(otherCommands(step)).toEqual([]);
  });

  it('keep an inclusive join waiting for a token that can still leave through one', () => {
    const model = graph(
      {
        Start: { kind: 'startEvent' },
        Split: { kind: 'inclusiveGateway', defaultFlowId: null },
        Wait: userTask,
        Other: createTask('other'),
        Late: {
          kind: 'boundaryTimer',
          attachedToId: 'Wait',
          cancelActivity: true,
          duration: 'PT1M',
        },
        WaitEnd: { kind: 'endEvent' },
        Join: { kind: 'inclusiveGateway', defaultFlowId: null },
        End: { kind: 'endEvent' },
      },
      [
        ['F0', 'Start', 'Split'],
        ['F1', 'Split', 'Wait'],
        ['F2', 'Split', 'Other'],
        ['F3', 'Wait', 'WaitEnd'],
        ['F4', 'Other', 'Join'],
        ['F5', 'Late', 'Join'],
        ['F6', 'Join', 'End'],
      ],
    );
    const first = run(model);
    expect(completed(first)).not.toContain('Join');
    const late = fireTimer(first.state, model, 'Late');
    expect(completed(late)).toEqual(['Late', 'Join', 'End']);
    expect(ended(late)).toMatchObject({ status: 'completed' });
  });
});

describe('embedded subprocesses', () => {
  it('run their inside and complete when no token is left there', async () => {
    const model = await fixture('element-subprocess.bpmn');
    const first = run(model, { stalledAfter: 'P7D' });
    expect(completed(first)).toEqual([
      'Start',
      'Inner_Start',
      'Inner_Fork',
      'Task_WelcomeCall',
      'Inner_End_Welcomed',
    ]);
    expect(first.state.waits.map((wait) => wait.elementId)).toEqual([
      'Boundary_Stalled',
      'Task_Documents',
    ]);
    const stalledKey = waitAt(first.state, 'Boundary_Stalled').waitKey;
    const done = completeTask(first.state, model, 'Task_Documents');
    expect(completed(done)).toEqual([
      'Task_Documents',
      'Inner_End_Documented',
      'Sub_Onboarding',
      'Task_Activate',
      'End_Active',
    ]);
    expect(otherCommands(done)).toEqual([{ type: 'cancelTimer', waitKey: stalledKey }]);
    expect(ended(done)).toMatchObject({ status: 'completed' });
  });

  it('end everything inside when an interrupting boundary timer fires', async () => {
    const model = await fixture('element-subprocess.bpmn');
    const first = run(model, { stalledAfter: 'P7D' });
    const documentsKey = waitAt(first.state, 'Task_Documents').waitKey;
    const stalled = fireTimer(first.state, model, 'Boundary_Stalled');
    expect(completed(stalled)).toEqual(['Boundary_Stalled', 'Task_MarkLost', 'End_Stalled']);
    expect(terminated(stalled)).toEqual(['Task_Documents', 'Sub_Onboarding']);
    expect(effectsOf(stalled)[0]).toMatchObject({ type: 'cancelUserTask', waitKey: documentsKey });
    expect(effectsOf(stalled)).toContainEqual(
      expect.objectContaining({ type: 'setClientStatus', status: 'lost' }),
    );
    expect(ended(stalled)).toMatchObject({ status: 'completed' });
  });

  const nested = () =>
    graph(
      {
        Start: { kind: 'startEvent' },
        Outer: {
          kind: 'subProcess',
          startNodeId: 'OuterStart',
          nodeIds: ['OuterStart', 'Inner', 'OuterEnd'],
        },
        OuterStart: { kind: 'startEvent' },
        Inner: {
          kind: 'subProcess',
          startNodeId: 'InnerStart',
          nodeIds: ['InnerStart', 'Wait', 'InnerEnd'],
        },
        InnerStart: { kind: 'startEvent' },
        Wait: userTask,
        Reminder: {
          kind: 'boundaryTimer',
          attachedToId: 'Wait',
          cancelActivity: false,
          duration: 'PT1H',
        },
        InnerEnd: { kind: 'endEvent' },
        OuterEnd: { kind: 'endEvent' },
        Abort: {
          kind: 'boundaryTimer',
          attachedToId: 'Outer',
          cancelActivity: true,
          duration: 'PT2H',
        },
        End: { kind: 'endEvent' },
        Aborted: { kind: 'endEvent' },
      },
      [
        ['F0', 'Start', 'Outer'],
        ['F1', 'OuterStart', 'Inner'],
        ['F2', 'Inner', 'OuterEnd'],
        ['F3', 'InnerStart', 'Wait'],
        ['F4', 'Wait', 'InnerEnd'],
        ['F5', 'Outer', 'End'],
        ['F6', 'Abort', 'Aborted'],
        ['F7', 'Reminder', 'End'],
      ],
    );

  it('nest: the outer one completes after the inner one', () => {
    const model = nested();
    const first = run(model);
    const done = completeTask(first.state, model, 'Wait');
    expect(completed(done)).toEqual(['Wait', 'InnerEnd', 'Inner', 'OuterEnd', 'Outer', 'End']);
    expect(ended(done)).toMatchObject({ status: 'completed' });
  });

  it('nest: interrupting the outer one ends the inner one, its task and its timers', () => {
    const model = nested();
    const first = run(model);
    const waitKey = waitAt(first.state, 'Wait').waitKey;
    const reminderKey = waitAt(first.state, 'Reminder').waitKey;
    const aborted = fireTimer(first.state, model, 'Abort');
    expect(completed(aborted)).toEqual(['Abort', 'Aborted']);
    expect(terminated(aborted)).toEqual(['Wait', 'Inner', 'Outer']);
    expect(effectsOf(aborted)[0]).toMatchObject({ type: 'cancelUserTask', waitKey });
    expect(otherCommands(aborted)).toEqual([{ type: 'cancelTimer', waitKey: reminderKey }]);
    expect(aborted.state).toMatchObject({ status: 'completed', tokens: [], waits: [] });
  });

  it('raise an incident when a second token reaches one that still runs', () => {
    const model = graph(
      {
        Start: { kind: 'startEvent' },
        Fork: { kind: 'parallelGateway' },
        Sub: {
          kind: 'subProcess',
          startNodeId: 'SubStart',
          nodeIds: ['SubStart', 'Wait', 'SubEnd'],
        },
        SubStart: { kind: 'startEvent' },
        Wait: userTask,
        SubEnd: { kind: 'endEvent' },
        End: { kind: 'endEvent' },
      },
      [
        ['F0', 'Start', 'Fork'],
        ['F1', 'Fork', 'Sub'],
        ['F2', 'Fork', 'Sub'],
        ['F3', 'SubStart', 'Wait'],
        ['F4', 'Wait', 'SubEnd'],
        ['F5', 'Sub', 'End'],
      ],
    );
    expect(incidentOf(run(model))).toMatchObject({
      elementId: 'Sub',
      message: 'subprocess Sub was reached again while it still runs',
    });
  });
});

describe('error events', () => {
  it('an error end event inside a subprocess is caught by the boundary event for its code', async () => {
    const model = await fixture('element-error-events.bpmn');
    const first = run(model);
    const declined = completeTask(first.state, model, 'Task_Charge', { result: 'declined' });
    expect(completed(declined)).toEqual([
      'Task_Charge',
      'Gateway_Charged',
      'End_Declined',
      'Boundary_Declined',
      'Task_CallClient',
      'End_Unpaid',
    ]);
    expect(ended(declined)).toMatchObject({ status: 'completed', error: null });
  });

  it('an error nothing catches raises an incident, naming its code', async () => {
    const model = await fixture('element-error-events.bpmn');
    const fraud = completeTask(run(model).state, model, 'Task_Charge', { result: 'fraud' });
    // The completion is held by the incident: the task still waits, its answer kept.
    expect(completed(fraud)).toEqual([]);
    expect(waitAt(fraud.state, 'Task_Charge')).toBeDefined();
    expect(fraud.state.variables).toMatchObject({ result: 'fraud' });
    expect(incidentOf(fraud)).toMatchObject({
      elementId: 'End_Fraud',
      message: 'error "FRAUD_SUSPECTED" was thrown and no error boundary event catches it',
    });
  });

  it('is caught by a boundary event without a code, on the nearest subprocess that has one', () => {
    const model = graph(
      {
        Start: { kind: 'startEvent' },
        Outer: { kind: 'subProcess', startNodeId: 'OuterStart', nodeIds: ['OuterStart', 'Inner'] },
        OuterStart: { kind: 'startEvent' },
        Inner: {
          kind: 'subProcess',
          startNodeId: 'InnerStart',
          nodeIds: ['InnerStart', 'Fork', 'Wait', 'Fail'],
        },
        InnerStart: { kind: 'startEvent' },
        Fork: { kind: 'parallelGateway' },
        Wait: userTask,
        Fail: { kind: 'errorEndEvent', errorCode: 'BROKEN' },
        OtherCode: {
          kind: 'boundaryError',
          attachedToId: 'Inner',
          cancelActivity: true,
          errorCode: 'OTHER',
        },
        AnyCode: {
          kind: 'boundaryError',
          attachedToId: 'Outer',
          cancelActivity: true,
          errorCode: null,
        },
        End: { kind: 'endEvent' },
        Caught: { kind: 'endEvent' },
        Other: { kind: 'endEvent' },
      },
      [
        ['F0', 'Start', 'Outer'],
        ['F1', 'OuterStart', 'Inner'],
        ['F2', 'InnerStart', 'Fork'],
        ['F3', 'Fork', 'Wait'],
        ['F4', 'Fork', 'Fail'],
        ['F5', 'Outer', 'End'],
        ['F6', 'AnyCode', 'Caught'],
        ['F7', 'OtherCode', 'Other'],
      ],
    );
    model.nodes.Inner.outgoing = [];
    const step = run(model);
    expect(completed(step)).toEqual([
      'Start',
      'OuterStart',
      'InnerStart',
      'Fork',
      'Fail',
      'AnyCode',
      'Caught',
    ]);
    expect(terminated(step)).toEqual(['Wait', 'Inner', 'Outer']);
    // The user task opened before the error was thrown is cancelled with everything inside.
    expect(effectsOf(step).map((effect) => effect.type)).toContain('cancelUserTask');
    expect(step.state).toMatchObject({ status: 'completed', tokens: [], waits: [] });
  });
});

describe('escalation events', () => {
  it('a non-interrupting boundary event starts a token beside the subprocess, which goes on', async () => {
    const model = await fixture('element-escalation-events.bpmn');
    const first = run(model, { amount: 20_000 });
    expect(completed(first)).toEqual([
      'Start',
      'Inner_Start',
      'Gateway_Big',
      'Throw_BigOrder',
      'Boundary_BigOrder',
      'Task_InformSupervisor',
      'End_Informed',
    ]);
    expect(first.state.waits.map((wait) => wait.elementId)).toEqual(['Task_Prepare']);
    const prepared = completeTask(first.state, model, 'Task_Prepare', { outOfStock: false });
    expect(completed(prepared)).toEqual([
      'Task_Prepare',
      'Gateway_Stock',
      'Inner_End_Prepared',
      'Sub_Order',
      'Task_Ship',
      'End_Shipped',
    ]);
  });

  it('an interrupting boundary event ends the subprocess, which does not complete', async () => {
    const model = await fixture('element-escalation-events.bpmn');
    const first = run(model, { amount: 50 });
    expect(completed(first)).toEqual(['Start', 'Inner_Start', 'Gateway_Big']);
    const noStock = completeTask(first.state, model, 'Task_Prepare', { outOfStock: true });
    expect(completed(noStock)).toEqual([
      'Task_Prepare',
      'Gateway_Stock',
      'End_NoStock',
      'Boundary_NoStock',
      'Task_Apologise',
      'End_NotShipped',
    ]);
    expect(ended(noStock)).toMatchObject({ status: 'completed' });
  });

  it('an escalation nothing catches is ignored', () => {
    const model = graph(
      {
        Start: { kind: 'startEvent' },
        Throw: { kind: 'escalationThrow', escalationCode: 'LOUD' },
        Stop: { kind: 'escalationEndEvent', escalationCode: 'LOUDER' },
      },
      [
        ['F0', 'Start', 'Throw'],
        ['F1', 'Throw', 'Stop'],
      ],
    );
    const step = run(model);
    expect(completed(step)).toEqual(['Start', 'Throw', 'Stop']);
    expect(ended(step)).toMatchObject({ status: 'completed', error: null });
  });
});

describe('message catch events and receive tasks', () => {
  const variables = { clientId: 'c-1', documentsWithin: 'P3D' };
  const receive = (
    state: EngineState,
    model: ExecutableModel,
    elementId: string,
    received: Variables = {},
  ) =>
    advance(model, state, {
      type: 'messageReceived',
      waitKey: waitAt(state, elementId).waitKey,
      variables: received,
    });

  it('wait for their message under the correlation key evaluated on arrival', async () => {
    const model = await fixture('element-message-events.bpmn');
    const first = run(model, variables);
    expect(first.state.waits).toEqual([
      {
        kind: 'message',
        waitKey: 'i:4',
        tokenId: 'i:0',
        elementId: 'Catch_CalledBack',
        messageName: 'client-called-back',
        correlationKey: 'c-1',
      },
    ]);
    expect(effectsOf(first)).toContainEqual({
      type: 'openMessageWait',
      key: 'i:5',
      waitKey: 'i:4',
      elementId: 'Catch_CalledBack',
      messageName: 'client-called-back',
      correlationKey: 'c-1',
    });
  });

  it('go on with the message variables; the message stops the receive task boundary timer', async () => {
    const model = await fixture('element-message-events.bpmn');
    const calledBack = receive(run(model, variables).state, model, 'Catch_CalledBack', {
      answer: 'yes',
    });
    expect(completed(calledBack)).toEqual(['Catch_CalledBack', 'Task_Note']);
    expect(calledBack.state.variables).toMatchObject({ answer: 'yes' });
    expect(effectsOf(calledBack)).toContainEqual(
      expect.objectContaining({ type: 'createActivity', subject: 'Answer: yes' }),
    );
    expect(calledBack.state.waits.map((wait) => [wait.kind, wait.elementId])).toEqual([
      ['message', 'Receive_Documents'],
      ['timer', 'Boundary_DocumentsLate'],
    ]);
    const timerKey = waitAt(calledBack.state, 'Boundary_DocumentsLate').waitKey;
    const documents = receive(calledBack.state, model, 'Receive_Documents');
    expect(effectsOf(documents)[0]).toMatchObject({ type: 'closeMessageWait', status: 'received' });
    expect(completed(documents)).toEqual(['Receive_Documents', 'End']);
    expect(otherCommands(documents)).toEqual([{ type: 'cancelTimer', waitKey: timerKey }]);
  });

  it('close the message wait when a boundary timer interrupts the receive task', async () => {
    const model = await fixture('element-message-events.bpmn');
    const calledBack = receive(run(model, variables).state, model, 'Catch_CalledBack', {
      answer: 'later',
    });
    const documentsKey = waitAt(calledBack.state, 'Receive_Documents').waitKey;
    const late = fireTimer(calledBack.state, model, 'Boundary_DocumentsLate');
    expect(effectsOf(late)[0]).toMatchObject({
      type: 'closeMessageWait',
      waitKey: documentsKey,
      status: 'cancelled',
    });
    expect(completed(late)).toEqual(['Boundary_DocumentsLate', 'Task_Chase', 'End_Chased']);
  });

  it('raise an incident when the correlation key is null, and refuse a message for a user task', async () => {
    const model = await fixture('element-message-events.bpmn');
    expect(incidentOf(run(model, { clientId: null }))).toMatchObject({
      elementId: 'Catch_CalledBack',
      message: 'the correlation key evaluated to null',
    });
    const tasks = graph(
      { Start: { kind: 'startEvent' }, Wait: userTask, End: { kind: 'endEvent' } },
      [
        ['F0', 'Start', 'Wait'],
        ['F1', 'Wait', 'End'],
      ],
    );
    const { state } = run(tasks);
    const event = { type: 'messageReceived', waitKey: state.waits[0].waitKey, variables: {} };
    expect(() => advance(tasks, state, event as EngineEvent)).toThrow(
      /nothing waits for a message with key/,
    );
  });
});

describe('event-based gateways', () => {
  const variables = { clientId: 'c-1', replyWithin: 'P5D' };

  it('wait for every event at once, on the gateway token', async () => {
    const model = await fixture('element-event-based-gateway.bpmn');
    const first = run(model, variables);
    expect(completed(first)).toEqual(['Start']);
    expect(first.state.tokens).toEqual([{ id: 'i:0', nodeId: 'Gateway_ReplyOrTimeout' }]);
    expect(first.state.waits.map((wait) => [wait.kind, wait.elementId, wait.tokenId])).toEqual([
      ['message', 'Catch_Replied', 'i:0'],
      ['timer', 'Timer_NoReply', 'i:0'],
    ]);
  });

  it('go on from the message that comes first, stopping the timer', async () => {
    const model = await fixture('element-event-based-gateway.bpmn');
    const first = run(model, variables);
    const timerKey = waitAt(first.state, 'Timer_NoReply').waitKey;
    const replied = advance(model, first.state, {
      type: 'messageReceived',
      waitKey: waitAt(first.state, 'Catch_Replied').waitKey,
      variables: { reply: 'yes' },
    });
    expect(completed(replied)).toEqual([
      'Gateway_ReplyOrTimeout',
      'Catch_Replied',
      'Task_Thank',
      'End_Replied',
    ]);
    expect(otherCommands(replied)).toEqual([{ type: 'cancelTimer', waitKey: timerKey }]);
    expect(replied.state.variables).toMatchObject({ reply: 'yes' });
  });

  it('go on from the timer that fires first, closing the message wait', async () => {
    const model = await fixture('element-event-based-gateway.bpmn');
    const first = run(model, variables);
    const messageKey = waitAt(first.state, 'Catch_Replied').waitKey;
    const silent = fireTimer(first.state, model, 'Timer_NoReply');
    expect(effectsOf(silent)[0]).toMatchObject({
      type: 'closeMessageWait',
      waitKey: messageKey,
      status: 'cancelled',
    });
    expect(completed(silent)).toEqual([
      'Gateway_ReplyOrTimeout',
      'Timer_NoReply',
      'Task_FollowUp',
      'End_FollowedUp',
    ]);
  });
});

// ---------------------------------------------------------------------------------------
// Property: random processes of nested inclusive and parallel blocks complete, each join
// firing once, visiting exactly the nodes of the branches whose conditions held.

interface RandomProcess {
  model: ExecutableModel;
  variables: Variables;
  /** The nodes the run must visit, each once. */
  expected: string[];
}

function randomInclusiveProcess(random: () => number): RandomProcess {
  const nodes: Record<string, NodeSpec> = { Start: { kind: 'startEvent' } };
  const flows: [string, string, string, string?][] = [];
  const variables: Variables = {};
  let count = 0;
  const id = (prefix: string) => `${prefix}${++count}`;
  const pick = (n: number) => Math.floor(random() * n);
  const defaults: Record<string, string> = {};

  /** A block after `from`: its last node and the nodes a run visits in it. */
  const block = (from: string, depth: number): { last: string; visited: string[] } => {
    let last = from;
    const visited: string[] = [];
    for (let i = 1 + pick(3); i > 0; i--) {
      const choice = pick(depth < 3 ? 4 : 2);
      if (choice < 2) {
        const next = choice === 0 ? id('S') : id(random() < 0.7 ? 'U' : 'T');
        nodes[next] = next.startsWith('S')
          ? createTask(next)
          : next.startsWith('U')
            ? userTask
            : { kind: 'timerCatch', duration: 'PT1M' };
        flows.push([id('F'), last, next]);
        visited.push(next);
        last = next;
        continue;
      }
      const inclusive = choice === 2;
      const split = id(inclusive ? 'Split' : 'Fork');
      const join = id('Join');
      nodes[split] = inclusive
        ? { kind: 'inclusiveGateway', defaultFlowId: null }
        : { kind: 'parallelGateway' };
      nodes[join] = inclusive
        ? { kind: 'inclusiveGateway', defaultFlowId: null }
        : { kind: 'parallelGateway' };
      flows.push([id('F'), last, split]);
      const branches = 2 + pick(2);
      const taken: string[] = [];
      let anyTaken = false;
      for (let b = 0; b < branches; b++) {
        const first = id('B');
        nodes[first] = createTask(first);
        const condition = inclusive ? id('c') : null;
        const isDefault = inclusive && b === branches - 1;
        if (isDefault) defaults[split] = `${first}-in`;
        const flowId = isDefault ? `${first}-in` : id('F');
        flows.push(
          condition && !isDefault ? [flowId, split, first, condition] : [flowId, split, first],
        );
        const inner = block(first, depth + 1);
        flows.push([id('F'), inner.last, join]);
        const holds = !inclusive || (!isDefault && random() < 0.5);
        if (condition && !isDefault) variables[condition] = holds;
        const runs = holds || (isDefault && !anyTaken);
        anyTaken ||= holds;
        if (runs) taken.push(first, ...inner.visited);
      }
      visited.push(split, ...taken, join);
      last = join;
    }
    return { last, visited };
  };

  const { last, visited } = block('Start', 0);
  nodes.End = { kind: 'endEvent' };
  flows.push([id('F'), last, 'End']);
  const model = graph(nodes, flows);
  for (const [split, flowId] of Object.entries(defaults)) {
    (model.nodes[split] as { defaultFlowId: string | null }).defaultFlowId = flowId;
  }
  return { model, variables, expected: ['Start', ...visited, 'End'] };
}

describe('signal events', () => {
  const signal = (signalName: string, variables: Variables = {}): EngineEvent => ({
    type: 'signalReceived',
    signalName,
    variables,
  });
  const signalEffects = (step: Step) =>
    effectsOf(step).flatMap((effect) =>
      effect.type === 'openSignalWait'
        ? [`open ${effect.elementId} ${effect.signalName}`]
        : effect.type === 'closeSignalWait'
          ? [`close ${effect.status}`]
          : effect.type === 'broadcastSignal'
            ? [`broadcast ${effect.elementId} ${effect.signalName}`]
            : [],
    );

  it('a signal ends every wait for it in the instance, its variables merged in once', () => {
    const model = graph(
      {
        Start: { kind: 'startEvent' },
        Fork: { kind: 'parallelGateway' },
        CatchA: { kind: 'signalCatch', signalName: 'go' },
        CatchB: { kind: 'signalCatch', signalName: 'go' },
        CatchOther: { kind: 'signalCatch', signalName: 'other' },
        Join: { kind: 'parallelGateway' },
        Throw: { kind: 'signalThrow', signalName: 'went' },
        End: { kind: 'signalEndEvent', signalName: 'done' },
      },
      [
        ['F0', 'Start', 'Fork'],
        ['F1', 'Fork', 'CatchA'],
        ['F2', 'Fork', 'CatchB'],
        ['F3', 'Fork', 'CatchOther'],
        ['F4', 'CatchA', 'Join'],
        ['F5', 'CatchB', 'Join'],
        ['F6', 'CatchOther', 'Join'],
        ['F7', 'Join', 'Throw'],
        ['F8', 'Throw', 'End'],
      ],
    );
    const first = run(model);
    expect(signalEffects(first)).toEqual([
      'open CatchA go',
      'open CatchB go',
      'open CatchOther other',
    ]);
    expect(() => advance(model, first.state, signal('nobody'))).toThrow(
      'nothing waits for the signal "nobody"',
    );
    const went = advance(model, first.state, signal('go', { round: 1 }));
    expect(completed(went)).toEqual(['CatchA', 'CatchB']);
    expect(signalEffects(went)).toEqual(['close received', 'close received']);
    expect(effectsOf(went).filter((effect) => effect.type === 'variablesChanged')).toHaveLength(1);
    expect(went.state.variables).toEqual({ round: 1 });
    expect(went.state.waits.map((wait) => wait.elementId)).toEqual(['CatchOther']);
    const done = advance(model, went.state, signal('other'));
    expect(completed(done)).toEqual(['CatchOther', 'Join', 'Throw', 'End']);
    expect(signalEffects(done)).toEqual([
      'close received',
      'broadcast Throw went',
      'broadcast End done',
    ]);
    expect(ended(done)).toMatchObject({ status: 'completed' });
  });

  it('boundary events on a user task: non-interrupting ones fire each time, interrupting ones end it', async () => {
    const model = await fixture('element-signal-events.bpmn');
    const first = run(model);
    expect(signalEffects(first)).toEqual([
      'open Boundary_PriceList price-list-changed',
      'open Boundary_Withdrawn offer-withdrawn',
    ]);
    const once = advance(model, first.state, signal('price-list-changed', { priceList: 'v2' }));
    const twice = advance(model, once.state, signal('price-list-changed', { priceList: 'v3' }));
    for (const step of [once, twice]) {
      expect(completed(step)).toEqual([
        'Boundary_PriceList',
        'Task_Recalculate',
        'End_Recalculated',
      ]);
      expect(signalEffects(step)).toEqual([
        'close received',
        'open Boundary_PriceList price-list-changed',
      ]);
    }
    expect(effectsOf(twice)).toContainEqual(
      expect.objectContaining({ type: 'createActivity', subject: 'Recalculate with v3' }),
    );
    expect(waitAt(twice.state, 'Task_Review').kind).toBe('userTask');

    const withdrawn = advance(model, twice.state, signal('offer-withdrawn'));
    expect(terminated(withdrawn)).toEqual(['Task_Review']);
    expect(completed(withdrawn)).toEqual(['Boundary_Withdrawn', 'End_Withdrawn']);
    expect(effectsOf(withdrawn).map((effect) => effect.type)).toContain('cancelUserTask');
    expect(signalEffects(withdrawn)).toEqual(['close received', 'close cancelled']);
    expect(ended(withdrawn)).toMatchObject({ status: 'completed' });
  });

  it('completing the task closes its boundary signal waits', async () => {
    const model = await fixture('element-signal-events.bpmn');
    const reviewed = completeTask(run(model).state, model, 'Task_Review');
    expect(signalEffects(reviewed)).toEqual([
      'close cancelled',
      'close cancelled',
      'open Catch_Approved offers-approved',
    ]);
    expect(reviewed.state.waits.map((wait) => wait.elementId)).toEqual(['Catch_Approved']);
  });

  it('an interrupting boundary event on a subprocess ends the waits inside that the same signal would end', () => {
    const model = graph(
      {
        Start: { kind: 'startEvent' },
        Sub: {
          kind: 'subProcess',
          startNodeId: 'SubStart',
          nodeIds: ['SubStart', 'Catch', 'SubEnd'],
        },
        SubStart: { kind: 'startEvent' },
        Catch: { kind: 'signalCatch', signalName: 'stop' },
        SubEnd: { kind: 'endEvent' },
        Stopped: {
          kind: 'boundarySignal',
          attachedToId: 'Sub',
          cancelActivity: true,
          signalName: 'stop',
        },
        End: { kind: 'endEvent' },
        EndStopped: { kind: 'endEvent' },
      },
      [
        ['F0', 'Start', 'Sub'],
        ['F1', 'SubStart', 'Catch'],
        ['F2', 'Catch', 'SubEnd'],
        ['F3', 'Sub', 'End'],
        ['F4', 'Stopped', 'EndStopped'],
      ],
    );
    const stopped = advance(model, run(model).state, signal('stop'));
    expect(terminated(stopped)).toEqual(['Catch', 'Sub']);
    expect(completed(stopped)).toEqual(['Stopped', 'EndStopped']);
    expect(signalEffects(stopped)).toEqual(['close received', 'close cancelled']);
    expect(ended(stopped)).toMatchObject({ status: 'completed' });
  });
});

describe('standard loops', () => {
  it('run the activity again while the condition holds, up to the maximum, counting the runs', async () => {
    const model = await fixture('element-standard-loop.bpmn');
    const first = run(model, { quality: 0, target: 3 });
    const again = completeTask(first.state, model, 'Task_Call', { reached: false });
    expect(completed(again)).toEqual(['Task_Call']);
    expect(again.state.tokens).toEqual([{ id: 'i:0', nodeId: 'Task_Call', loopCounter: 1 }]);
    expect(waitAt(again.state, 'Task_Call').kind).toBe('userTask');
    const third = completeTask(again.state, model, 'Task_Call', { reached: false });
    // The third call is the maximum: the token leaves although the client was not reached.
    const done = completeTask(third.state, model, 'Task_Call', { reached: false });
    expect(completed(done)).toEqual([
      'Task_Call',
      'Script_Draft',
      'Script_Draft',
      'Script_Draft',
      'Task_Offer',
      'End',
    ]);
    expect(done.state.variables).toMatchObject({ quality: 3 });
    expect(ended(done)).toMatchObject({ status: 'completed' });
  });

  it('leave after one run when the condition does not hold, and see loopCounter', () => {
    const model = graph(
      {
        Start: { kind: 'startEvent' },
        Sub: {
          kind: 'subProcess',
          startNodeId: 'SubStart',
          nodeIds: ['SubStart', 'Note', 'SubEnd'],
          loop: { condition: 'loopCounter < 2', maximum: null },
        },
        SubStart: { kind: 'startEvent' },
        Note: createTask('note'),
        SubEnd: { kind: 'endEvent' },
        Once: { kind: 'task', loop: { condition: 'false', maximum: 5 } },
        End: { kind: 'endEvent' },
      },
      [
        ['F0', 'Start', 'Sub'],
        ['F1', 'SubStart', 'Note'],
        ['F2', 'Note', 'SubEnd'],
        ['F3', 'Sub', 'Once'],
        ['F4', 'Once', 'End'],
      ],
    );
    const step = run(model);
    expect(completed(step)).toEqual([
      'Start',
      'SubStart',
      'Note',
      'SubEnd',
      'Sub',
      'SubStart',
      'Note',
      'SubEnd',
      'Sub',
      'Once',
      'End',
    ]);
    expect(ended(step)).toMatchObject({ status: 'completed' });
  });

  it('raise an incident, naming the element, when the condition is not true or false', () => {
    const model = graph(
      {
        Start: { kind: 'startEvent' },
        Bad: { kind: 'task', loop: { condition: 'count + 1', maximum: null } },
        End: { kind: 'endEvent' },
      },
      [
        ['F0', 'Start', 'Bad'],
        ['F1', 'Bad', 'End'],
      ],
    );
    expect(incidentOf(run(model, { count: 1 }))).toMatchObject({ elementId: 'Bad' });
  });
});

describe('random inclusive and parallel processes', () => {
  it.each(Array.from({ length: 200 }, (_, seed) => seed))(
    'seed %i completes, running exactly the chosen branches once',
    (seed) => {
      const random = prng(seed);
      const { model, variables, expected } = randomInclusiveProcess(random);
      const effects: Effect[] = [];
      let step = start(model, { instanceId: `r${seed}`, variables });
      effects.push(...effectsOf(step));
      let batches = 0;
      while (step.state.status === 'running') {
        expect(++batches).toBeLessThanOrEqual(Object.keys(model.nodes).length);
        const { kind, waitKey } = step.state.waits[Math.floor(random() * step.state.waits.length)];
        step = advance(
          model,
          step.state,
          kind === 'timer'
            ? { type: 'timerFired', waitKey }
            : { type: 'userTaskCompleted', waitKey, variables: {}, completedBy: null },
        );
        effects.push(...effectsOf(step));
      }
      expect(step.state).toMatchObject({ status: 'completed', tokens: [], waits: [], joins: {} });
      const visited = effects.flatMap((effect) =>
        effect.type === 'elementCompleted' ? [effect.elementId] : [],
      );
      expect(visited.sort()).toEqual([...expected].sort());
    },
  );
});
