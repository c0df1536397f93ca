import { compileFixture } from '../test/compile';
import { prng } from '../test/models';
import { advance, MAX_STEPS_PER_BATCH, start, validateEvent } from './engine';
import type { CrmAction, ExecutableModel, ModelNode } from './model';
import type { Command, Effect, EngineEvent, EngineState, Step, Variables } from './types';

// ---------------------------------------------------------------------------------------
// Helpers

const demoModel = () => compileFixture('application-handling.bpmn');

type NodeSpec =
  | { kind: 'startEvent' | 'endEvent' | 'parallelGateway' }
  | { kind: 'exclusiveGateway'; defaultFlowId?: string }
  | { kind: 'serviceTask'; action: CrmAction }
  | { kind: 'userTask'; assignee?: string; candidateRole?: string; dueIn?: string }
  | { kind: 'timerCatch'; duration: string };

/** Builds models by hand, for shapes the fixtures do not have. */
class ModelBuilder {
  private readonly model: ExecutableModel = {
    processId: 'test',
    name: null,
    startNodeId: '',
    nodes: {},
    flows: {},
  };

  node(id: string, spec: NodeSpec): this {
    const base = { id, name: null, incoming: [], outgoing: [] };
    const node: ModelNode =
      spec.kind === 'exclusiveGateway'
        ? { ...base, kind: spec.kind, defaultFlowId: spec.defaultFlowId ?? null }
        : spec.kind === 'userTask'
          ? {
              ...base,
              kind: spec.kind,
              assignee: spec.assignee ?? null,
              candidateRole: spec.candidateRole ?? null,
              dueIn: spec.dueIn ?? null,
            }
          : ({ ...base, ...spec } as ModelNode);
    this.model.nodes[id] = node;
    if (spec.kind === 'startEvent') this.model.startNodeId = id;
    return this;
  }

  flow(id: string, sourceId: string, targetId: string, condition: string | null = null): this {
    this.model.flows[id] = { id, name: null, sourceId, targetId, condition };
    this.model.nodes[sourceId].outgoing.push(id);
    this.model.nodes[targetId].incoming.push(id);
    return this;
  }

  build(): ExecutableModel {
    return this.model;
  }
}

const task = (subject: string): NodeSpec => ({
  kind: 'serviceTask',
  action: { type: 'createTask', subject, dueIn: null, assignee: null },
});

function effectsOf(step: Step): Effect[] {
  const [first] = step.commands;
  return first?.type === 'writeEffects' ? first.effects : [];
}

/** Effects in a compact, readable form: `started Task_A`, `openUserTask Task_A`, ... */
function summarize(effects: Effect[]): string[] {
  return effects.map((effect) => {
    switch (effect.type) {
      case 'elementStarted':
        return `started ${effect.elementId}`;
      case 'elementCompleted':
        return `completed ${effect.elementId}`;
      case 'elementTerminated':
        return `terminated ${effect.elementId}`;
      case 'createActivity':
        return `createActivity ${effect.activityKind} "${effect.subject}"`;
      case 'setClientStatus':
        return `setClientStatus ${effect.status}`;
      case 'createDeal':
        return `createDeal "${effect.title}" ${effect.amount}`;
      case 'setDealStage':
        return `setDealStage ${effect.dealId} ${effect.stageId}`;
      case 'addNote':
        return `addNote "${effect.subject}"`;
      case 'assignClientOwner':
        return `assignClientOwner ${effect.owner}`;
      case 'openUserTask':
        return `openUserTask ${effect.elementId}`;
      case 'completeUserTask':
        return `completeUserTask`;
      case 'cancelUserTask':
        return `cancelUserTask`;
      case 'openMessageWait':
        return `openMessageWait ${effect.elementId}`;
      case 'closeMessageWait':
        return `closeMessageWait ${effect.status}`;
      case 'openSignalWait':
        return `openSignalWait ${effect.elementId}`;
      case 'closeSignalWait':
        return `closeSignalWait ${effect.status}`;
      case 'broadcastSignal':
        return `broadcastSignal ${effect.signalName}`;
      case 'publishMessage':
        return `publishMessage ${effect.messageName} ${effect.correlationKey}`;
      case 'variablesChanged':
        return `variablesChanged ${JSON.stringify(effect.variables)}`;
      case 'startCalledInstance':
        return `startCalledInstance ${effect.processKey}`;
      case 'instanceEnded':
        return `instanceEnded ${effect.status}`;
      case 'incidentRaised':
        return `incidentRaised ${effect.code} ${effect.elementId}`;
      case 'incidentResolved':
        return `incidentResolved ${effect.resolution}`;
    }
  });
}

function waitKeyAt(state: EngineState, elementId: string): string {
  const wait = state.waits.find((candidate) => candidate.elementId === elementId);
  if (!wait) throw new Error(`nothing waits at ${elementId}: ${JSON.stringify(state.waits)}`);
  return wait.waitKey;
}

const completeTask = (
  state: EngineState,
  elementId: string,
  variables = {},
): Extract<EngineEvent, { type: 'userTaskCompleted' }> => ({
  type: 'userTaskCompleted',
  waitKey: waitKeyAt(state, elementId),
  variables,
  completedBy: 'anna@example.com',
});

/** The incident the step raised, as `{elementId, message}`. */
function incidentOf(step: Step): { elementId: string | null; message: string } {
  const raised = effectsOf(step).find((effect) => effect.type === 'incidentRaised');
  if (raised?.type !== 'incidentRaised') throw new Error('the step raised no incident');
  return { elementId: raised.elementId, message: raised.message };
}

function endedWith(step: Step): Extract<Effect, { type: 'instanceEnded' }> {
  const ended = effectsOf(step).find((effect) => effect.type === 'instanceEnded');
  if (ended?.type !== 'instanceEnded') throw new Error('the instance did not end');
  return ended;
}

// ---------------------------------------------------------------------------------------

describe('the application-handling demo', () => {
  it('runs the qualified branch to the follow-up call', async () => {
    const model = await demoModel();
    let step = start(model, { instanceId: 'i1', variables: { followUpDelay: 'PT2S' } });
    expect(step.commands).toHaveLength(1);
    expect(summarize(effectsOf(step))).toEqual([
      'started StartEvent_ApplicationReceived',
      'completed StartEvent_ApplicationReceived',
      'started Task_QualifyApplication',
      'openUserTask Task_QualifyApplication',
    ]);
    expect(effectsOf(step)[3]).toEqual({
      type: 'openUserTask',
      key: expect.stringMatching(/^i1:\d+$/),
      waitKey: waitKeyAt(step.state, 'Task_QualifyApplication'),
      elementId: 'Task_QualifyApplication',
      name: 'Qualify application',
      assignee: null,
      candidateRole: 'manager',
      dueInMs: null,
    });

    step = advance(
      model,
      step.state,
      completeTask(step.state, 'Task_QualifyApplication', { qualified: true }),
    );
    expect(step.commands).toHaveLength(1);
    expect(summarize(effectsOf(step))).toEqual([
      'completeUserTask',
      'variablesChanged {"followUpDelay":"PT2S","qualified":true}',
      'completed Task_QualifyApplication',
      'started Gateway_Qualified',
      'completed Gateway_Qualified',
      'started Task_MarkPotential',
      'setClientStatus potential',
      'completed Task_MarkPotential',
      'started Task_CloseApplication',
      'openUserTask Task_CloseApplication',
    ]);
    expect(effectsOf(step)[0]).toMatchObject({
      variables: { qualified: true },
      completedBy: 'anna@example.com',
    });

    step = advance(model, step.state, completeTask(step.state, 'Task_CloseApplication'));
    const timerKey = waitKeyAt(step.state, 'Timer_FollowUp');
    expect(summarize(effectsOf(step))).toEqual([
      'completeUserTask',
      'completed Task_CloseApplication',
      'started Timer_FollowUp',
    ]);
    expect(step.commands[1]).toEqual<Command>({
      type: 'startTimer',
      waitKey: timerKey,
      elementId: 'Timer_FollowUp',
      durationMs: 2000,
    });

    step = advance(model, step.state, { type: 'timerFired', waitKey: timerKey });
    expect(summarize(effectsOf(step))).toEqual([
      'completed Timer_FollowUp',
      'started Task_FollowUpCall',
      'createActivity call "Ask how things are going"',
      'completed Task_FollowUpCall',
      'started EndEvent_FollowedUp',
      'completed EndEvent_FollowedUp',
      'instanceEnded completed',
    ]);
    expect(effectsOf(step)[2]).toMatchObject({
      dueInMs: 86_400_000,
      assignee: null,
      elementId: 'Task_FollowUpCall',
    });
    expect(step.state).toMatchObject({ status: 'completed', tokens: [], waits: [], joins: {} });
    expect(endedWith(step)).toMatchObject({
      variables: { followUpDelay: 'PT2S', qualified: true },
      error: null,
    });
  });

  it('waits seven days when no follow-up delay is set', async () => {
    const model = await demoModel();
    let step = start(model, { instanceId: 'i1', variables: {} });
    step = advance(
      model,
      step.state,
      completeTask(step.state, 'Task_QualifyApplication', { qualified: true }),
    );
    step = advance(model, step.state, completeTask(step.state, 'Task_CloseApplication'));
    expect(step.commands[1]).toMatchObject({ type: 'startTimer', durationMs: 7 * 86_400_000 });
  });

  it.each([[{ qualified: false }], [{}], [{ qualified: 'maybe' }]])(
    'rejects the application when the task completes with %j',
    async (variables) => {
      const model = await demoModel();
      let step = start(model, { instanceId: 'i2', variables: {} });
      step = advance(
        model,
        step.state,
        completeTask(step.state, 'Task_QualifyApplication', variables),
      );
      expect(
        summarize(effectsOf(step)).filter((line) => !line.startsWith('variablesChanged')),
      ).toEqual([
        'completeUserTask',
        'completed Task_QualifyApplication',
        'started Gateway_Qualified',
        'completed Gateway_Qualified',
        'started Task_MarkLost',
        'setClientStatus lost',
        'completed Task_MarkLost',
        'started EndEvent_Rejected',
        'completed EndEvent_Rejected',
        'instanceEnded completed',
      ]);
      expect(step.commands).toHaveLength(1);
      expect(step.state.status).toBe('completed');
    },
  );

  it('gives every token, wait and effect its own key', async () => {
    const model = await demoModel();
    let step = start(model, { instanceId: 'i3', variables: {} });
    const keys = effectsOf(step).map((effect) => effect.key);
    step = advance(
      model,
      step.state,
      completeTask(step.state, 'Task_QualifyApplication', { qualified: false }),
    );
    keys.push(...effectsOf(step).map((effect) => effect.key));
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.every((key) => /^i3:\d+$/.test(key))).toBe(true);
  });

  it('does not change the state it was given', async () => {
    const model = await demoModel();
    const first = start(model, { instanceId: 'i4', variables: { a: 1 } });
    const snapshot = JSON.parse(JSON.stringify(first.state));
    advance(
      model,
      first.state,
      completeTask(first.state, 'Task_QualifyApplication', { qualified: true }),
    );
    expect(first.state).toEqual(snapshot);
  });
});

describe('parallel gateways', () => {
  it('forks, and joins exactly once when every branch has arrived', () => {
    const model = new ModelBuilder()
      .node('Start', { kind: 'startEvent' })
      .node('Fork', { kind: 'parallelGateway' })
      .node('A', { kind: 'userTask' })
      .node('B', { kind: 'userTask' })
      .node('Join', { kind: 'parallelGateway' })
      .node('After', task('After the join'))
      .node('End', { kind: 'endEvent' })
      .flow('F0', 'Start', 'Fork')
      .flow('F1', 'Fork', 'A')
      .flow('F2', 'Fork', 'B')
      .flow('F3', 'A', 'Join')
      .flow('F4', 'B', 'Join')
      .flow('F5', 'Join', 'After')
      .flow('F6', 'After', 'End')
      .build();
    let step = start(model, { instanceId: 'p', variables: {} });
    expect(summarize(effectsOf(step))).toEqual([
      'started Start',
      'completed Start',
      'started Fork',
      'completed Fork',
      'started A',
      'openUserTask A',
      'started B',
      'openUserTask B',
    ]);
    expect(step.state.tokens).toHaveLength(2);

    step = advance(model, step.state, completeTask(step.state, 'A'));
    expect(summarize(effectsOf(step))).toEqual(['completeUserTask', 'completed A']);
    expect(step.state.joins).toEqual({ Join: ['F3'] });
    expect(step.state.tokens.map((token) => token.nodeId)).toEqual(['B']);

    step = advance(model, step.state, completeTask(step.state, 'B'));
    expect(summarize(effectsOf(step))).toEqual([
      'completeUserTask',
      'completed B',
      'started Join',
      'completed Join',
      'started After',
      'createActivity task "After the join"',
      'completed After',
      'started End',
      'completed End',
      'instanceEnded completed',
    ]);
    expect(step.state).toMatchObject({ status: 'completed', tokens: [], joins: {} });
  });

  it('counts two arrivals along one flow as two, joining once per complete set', () => {
    // Two tokens reach the join along J1 at once; J2 delivers later, one user task at a time.
    const model = new ModelBuilder()
      .node('Start', { kind: 'startEvent' })
      .node('Fork', { kind: 'parallelGateway' })
      .node('S1', task('one'))
      .node('S2', task('two'))
      .node('Merge1', { kind: 'exclusiveGateway' })
      .node('B1', { kind: 'userTask' })
      .node('B2', { kind: 'userTask' })
      .node('Merge2', { kind: 'exclusiveGateway' })
      .node('Join', { kind: 'parallelGateway' })
      .node('End', { kind: 'endEvent' })
      .flow('F0', 'Start', 'Fork')
      .flow('F1', 'Fork', 'S1')
      .flow('F2', 'Fork', 'S2')
      .flow('F3', 'Fork', 'B1')
      .flow('F4', 'Fork', 'B2')
      .flow('F5', 'S1', 'Merge1')
      .flow('F6', 'S2', 'Merge1')
      .flow('F7', 'B1', 'Merge2')
      .flow('F8', 'B2', 'Merge2')
      .flow('J1', 'Merge1', 'Join')
      .flow('J2', 'Merge2', 'Join')
      .flow('F9', 'Join', 'End')
      .build();
    let step = start(model, { instanceId: 'q', variables: {} });
    expect(step.state.joins).toEqual({ Join: ['J1', 'J1'] });

    step = advance(model, step.state, completeTask(step.state, 'B1'));
    expect(summarize(effectsOf(step)).filter((line) => line.includes('Join'))).toEqual([
      'started Join',
      'completed Join',
    ]);
    expect(step.state).toMatchObject({ status: 'running', joins: { Join: ['J1'] } });

    step = advance(model, step.state, completeTask(step.state, 'B2'));
    expect(summarize(effectsOf(step)).filter((line) => line.includes('Join'))).toEqual([
      'started Join',
      'completed Join',
    ]);
    expect(step.state).toMatchObject({ status: 'completed', joins: {} });
  });

  it('raises an incident when a join waits for a flow no token can reach', () => {
    const model = new ModelBuilder()
      .node('Start', { kind: 'startEvent' })
      .node('Choose', { kind: 'exclusiveGateway', defaultFlowId: 'F2' })
      .node('Join', { kind: 'parallelGateway' })
      .node('End', { kind: 'endEvent' })
      .flow('F0', 'Start', 'Choose')
      .flow('F1', 'Choose', 'Join', 'false')
      .flow('F2', 'Choose', 'Join')
      .flow('F3', 'Join', 'End')
      .build();
    const step = start(model, { instanceId: 'd', variables: {} });
    expect(incidentOf(step)).toEqual({
      elementId: 'Join',
      message:
        'parallel gateway Join waits for flows F1, but no token is left to arrive along them',
    });
    expect(step.state).toMatchObject({ status: 'incident', tokens: [], waits: [], joins: {} });
  });
});

describe('cancelling', () => {
  it('cancels open user tasks and running timers', () => {
    const model = new ModelBuilder()
      .node('Start', { kind: 'startEvent' })
      .node('Fork', { kind: 'parallelGateway' })
      .node('Task', { kind: 'userTask' })
      .node('Timer', { kind: 'timerCatch', duration: 'PT1H' })
      .node('End1', { kind: 'endEvent' })
      .node('End2', { kind: 'endEvent' })
      .flow('F0', 'Start', 'Fork')
      .flow('F1', 'Fork', 'Task')
      .flow('F2', 'Fork', 'Timer')
      .flow('F3', 'Task', 'End1')
      .flow('F4', 'Timer', 'End2')
      .build();
    const started = start(model, { instanceId: 'c', variables: { x: 1 } });
    expect(started.commands[1]).toMatchObject({
      type: 'startTimer',
      elementId: 'Timer',
      durationMs: 3_600_000,
    });

    const step = advance(model, started.state, {
      type: 'cancelRequested',
      by: 'boss',
      reason: 'duplicate',
    });
    expect(effectsOf(step)).toEqual([
      {
        type: 'cancelUserTask',
        key: expect.any(String),
        waitKey: waitKeyAt(started.state, 'Task'),
      },
      {
        type: 'instanceEnded',
        key: expect.any(String),
        status: 'cancelled',
        variables: { x: 1 },
        error: null,
      },
    ]);
    expect(step.commands.slice(1)).toEqual([
      { type: 'cancelTimer', waitKey: waitKeyAt(started.state, 'Timer') },
    ]);
    expect(step.state).toMatchObject({ status: 'cancelled', tokens: [], waits: [] });
  });
});

describe('validateEvent', () => {
  const model = new ModelBuilder()
    .node('Start', { kind: 'startEvent' })
    .node('Task', { kind: 'userTask' })
    .node('Timer', { kind: 'timerCatch', duration: 'PT1M' })
    .node('End', { kind: 'endEvent' })
    .flow('F0', 'Start', 'Task')
    .flow('F1', 'Task', 'Timer')
    .flow('F2', 'Timer', 'End')
    .build();

  it('accepts events that fit the state', () => {
    const { state } = start(model, { instanceId: 'v', variables: {} });
    expect(validateEvent(model, state, completeTask(state, 'Task', { a: 1 }))).toBeNull();
    expect(
      validateEvent(model, state, { type: 'variablesChanged', variables: { a: 1 }, by: null }),
    ).toBeNull();
    expect(
      validateEvent(model, state, { type: 'cancelRequested', by: null, reason: null }),
    ).toBeNull();
  });

  it('refuses unknown and already completed wait keys', () => {
    const first = start(model, { instanceId: 'v', variables: {} });
    const taskKey = waitKeyAt(first.state, 'Task');
    const second = advance(model, first.state, completeTask(first.state, 'Task'));
    const again = {
      type: 'userTaskCompleted',
      waitKey: taskKey,
      variables: {},
      completedBy: null,
    } as const;
    expect(validateEvent(model, second.state, again)).toBe(
      `there is no open user task with key "${taskKey}"`,
    );
    expect(validateEvent(model, second.state, { type: 'timerFired', waitKey: 'v:999' })).toBe(
      'there is no running timer with key "v:999"',
    );
    // A user task's key does not fire a timer, nor the other way round.
    expect(validateEvent(model, first.state, { type: 'timerFired', waitKey: taskKey })).toMatch(
      /no running timer/,
    );
    const timerKey = waitKeyAt(second.state, 'Timer');
    expect(validateEvent(model, second.state, { ...again, waitKey: timerKey })).toMatch(
      /no open user task/,
    );
    expect(() => advance(model, second.state, again)).toThrow(
      /^cannot apply userTaskCompleted: there is no open user task/,
    );
  });

  it.each([[null], [[1, 2]], ['text'], [undefined], [new Date(0)]])(
    'refuses %p as variables',
    (notAnObject) => {
      const { state } = start(model, { instanceId: 'v', variables: {} });
      // What an Update might carry when its caller sends bad JSON.
      const variables = notAnObject as unknown as Variables;
      const message = 'variables must be an object of name → value';
      expect(validateEvent(model, state, { ...completeTask(state, 'Task'), variables })).toBe(
        message,
      );
      expect(validateEvent(model, state, { type: 'variablesChanged', variables, by: null })).toBe(
        message,
      );
    },
  );

  it('refuses every event once the instance has ended, and unknown event types', () => {
    const { state } = start(model, { instanceId: 'v', variables: {} });
    const cancelled = advance(model, state, {
      type: 'cancelRequested',
      by: null,
      reason: null,
    }).state;
    expect(
      validateEvent(model, cancelled, { type: 'cancelRequested', by: null, reason: null }),
    ).toBe('the instance is cancelled');
    expect(validateEvent(model, state, { type: 'poke' } as unknown as EngineEvent)).toBe(
      'unknown event type "poke"',
    );
  });
});

describe('variables', () => {
  it('merges changed variables and reports all of them', () => {
    const model = new ModelBuilder()
      .node('Start', { kind: 'startEvent' })
      .node('Task', { kind: 'userTask', assignee: '=owner', dueIn: '=reviewTime' })
      .node('End', { kind: 'endEvent' })
      .flow('F0', 'Start', 'Task')
      .flow('F1', 'Task', 'End')
      .build();
    const started = start(model, {
      instanceId: 'w',
      variables: { owner: 'olga@example.com', reviewTime: 'PT30M' },
    });
    expect(effectsOf(started)[3]).toMatchObject({
      assignee: 'olga@example.com',
      dueInMs: 1_800_000,
    });
    const step = advance(model, started.state, {
      type: 'variablesChanged',
      variables: { owner: 'max@example.com', n: 2 },
      by: 'admin',
    });
    expect(effectsOf(step)).toEqual([
      {
        type: 'variablesChanged',
        key: expect.any(String),
        variables: { owner: 'max@example.com', reviewTime: 'PT30M', n: 2 },
        by: 'admin',
      },
    ]);
    expect(step.state.variables).toEqual({ owner: 'max@example.com', reviewTime: 'PT30M', n: 2 });
    expect(step.state.waits).toEqual(started.state.waits);
  });
});

describe('incidents', () => {
  /** A user task, then a call whose subject is the variable `subject`, beside a one-hour timer. */
  const model = new ModelBuilder()
    .node('Start', { kind: 'startEvent' })
    .node('Fork', { kind: 'parallelGateway' })
    .node('Task', { kind: 'userTask' })
    .node('Call', {
      kind: 'serviceTask',
      action: { type: 'createCall', subject: '=subject', dueIn: null, assignee: null },
    })
    .node('Timer', { kind: 'timerCatch', duration: 'PT1H' })
    .node('End1', { kind: 'endEvent' })
    .node('End2', { kind: 'endEvent' })
    .flow('F0', 'Start', 'Fork')
    .flow('F1', 'Fork', 'Task')
    .flow('F2', 'Fork', 'Timer')
    .flow('F3', 'Task', 'Call')
    .flow('F4', 'Call', 'End1')
    .flow('F5', 'Timer', 'End2')
    .build();

  /** Started, then the task completed with a subject that is not text. */
  function failedCompletion() {
    const started = start(model, { instanceId: 'f', variables: {} });
    const completion = completeTask(started.state, 'Task', { subject: 3 });
    return { started, completion, step: advance(model, started.state, completion) };
  }

  it('holds a step that fails on a FEEL error, from the state before it', () => {
    const { started, completion, step } = failedCompletion();
    expect(summarize(effectsOf(step))).toEqual([
      'variablesChanged {"subject":3}',
      'incidentRaised EXPRESSION_FAILED Call',
    ]);
    expect(incidentOf(step)).toEqual({ elementId: 'Call', message: 'subject must be text, got 3' });
    expect(effectsOf(step)[1]).toMatchObject({ key: 'f:incident:1', attempts: 1 });
    // Nothing of the step happened: the task still waits, the timer still runs.
    expect(step.commands).toHaveLength(1);
    expect(step.state).toEqual({
      ...started.state,
      status: 'incident',
      seq: started.state.seq + 1,
      variables: { subject: 3 },
      incidentCount: 1,
      incident: {
        key: 'f:incident:1',
        elementId: 'Call',
        code: 'EXPRESSION_FAILED',
        message: 'subject must be text, got 3',
        pending: completion,
      },
    });
  });

  it('takes only variable changes, the retry and a cancel while an incident is open', () => {
    const { started, step } = failedCompletion();
    const timer = waitKeyAt(started.state, 'Timer');
    expect(validateEvent(model, step.state, { type: 'timerFired', waitKey: timer })).toBe(
      'the instance has an incident on Call; retry it first',
    );
    expect(validateEvent(model, step.state, completeTask(started.state, 'Task'))).toMatch(
      'incident',
    );
    expect(
      validateEvent(model, step.state, {
        type: 'incidentRetried',
        incidentKey: 'f:incident:9',
        by: null,
      }),
    ).toBe('there is no open incident with key "f:incident:9"');
    expect(
      validateEvent(model, step.state, { type: 'variablesChanged', variables: {}, by: 'u' }),
    ).toBe(null);
    expect(
      validateEvent(model, started.state, { type: 'incidentRetried', incidentKey: 'x', by: null }),
    ).toBe('the instance has no open incident');
  });

  it('retries the held step with the variables as a supervisor corrected them', () => {
    const { step: failed } = failedCompletion();
    const changed = advance(model, failed.state, {
      type: 'variablesChanged',
      variables: { subject: 'Call back' },
      by: 'supervisor',
    });
    expect(changed.state).toMatchObject({
      status: 'incident',
      variables: { subject: 'Call back' },
    });
    const retried = advance(model, changed.state, {
      type: 'incidentRetried',
      incidentKey: 'f:incident:1',
      by: 'supervisor',
    });
    expect(summarize(effectsOf(retried))).toEqual([
      'incidentResolved retried',
      'completeUserTask',
      'variablesChanged {"subject":"Call back"}',
      'completed Task',
      'started Call',
      'createActivity call "Call back"',
      'completed Call',
      'started End1',
      'completed End1',
    ]);
    expect(effectsOf(retried)[0]).toMatchObject({
      key: 'f:incident:1:resolved',
      incidentKey: 'f:incident:1',
      by: 'supervisor',
    });
    // The completion records the corrected answer, not the one that failed.
    expect(effectsOf(retried)[1]).toMatchObject({ variables: { subject: 'Call back' } });
    expect(retried.state.status).toBe('running');
    expect(retried.state.incident).toBeUndefined();
    expect(retried.state.waits.map((wait) => wait.elementId)).toEqual(['Timer']);
  });

  it('raises a new incident holding the same step when the retry fails again', () => {
    const { completion, step: failed } = failedCompletion();
    const retry = { type: 'incidentRetried', incidentKey: 'f:incident:1', by: 'sup' } as const;
    const again = advance(model, failed.state, retry);
    expect(summarize(effectsOf(again))).toEqual([
      'incidentResolved retried',
      'incidentRaised EXPRESSION_FAILED Call',
    ]);
    expect(again.state).toMatchObject({
      status: 'incident',
      incidentCount: 2,
      incident: { key: 'f:incident:2', pending: completion },
    });
    expect(again.state.seq).toBe(failed.state.seq);
  });

  it('resolves the open incident when the instance is cancelled', () => {
    const { started, step: failed } = failedCompletion();
    const step = advance(model, failed.state, { type: 'cancelRequested', by: 'sup', reason: null });
    expect(summarize(effectsOf(step))).toEqual([
      'incidentResolved cancelled',
      'cancelUserTask',
      'instanceEnded cancelled',
    ]);
    expect(step.commands.slice(1)).toEqual([
      { type: 'cancelTimer', waitKey: waitKeyAt(started.state, 'Timer') },
    ]);
    expect(step.state).toMatchObject({ status: 'cancelled', tokens: [], waits: [] });
    expect(step.state.incident).toBeUndefined();
  });

  it('holds a failing start, and starts again on retry', () => {
    const step = start(model, { instanceId: 's', variables: {} });
    expect(step.state).toMatchObject({ status: 'running' });
    const gateway = new ModelBuilder()
      .node('Start', { kind: 'startEvent' })
      .node('Gateway', { kind: 'exclusiveGateway' })
      .node('End', { kind: 'endEvent' })
      .flow('F0', 'Start', 'Gateway')
      .flow('F1', 'Gateway', 'End', 'amount > 10')
      .build();
    const failed = start(gateway, { instanceId: 'g', variables: { amount: 5 } });
    expect(incidentOf(failed)).toEqual({
      elementId: 'Gateway',
      message: 'no condition of exclusive gateway Gateway is true and it has no default flow',
    });
    expect(failed.state).toMatchObject({
      status: 'incident',
      seq: 0,
      tokens: [],
      incident: { pending: { type: 'start' } },
    });
    const changed = advance(gateway, failed.state, {
      type: 'variablesChanged',
      variables: { amount: 11 },
      by: null,
    });
    const retried = advance(gateway, changed.state, {
      type: 'incidentRetried',
      incidentKey: 'g:incident:1',
      by: null,
    });
    expect(retried.state.status).toBe('completed');
    expect(summarize(effectsOf(retried))).toContain('completed Gateway');
  });

  it('names the gateway and flow of a condition that is not boolean', () => {
    const model = new ModelBuilder()
      .node('Start', { kind: 'startEvent' })
      .node('Gateway', { kind: 'exclusiveGateway', defaultFlowId: 'F2' })
      .node('End', { kind: 'endEvent' })
      .flow('F0', 'Start', 'Gateway')
      .flow('F1', 'Gateway', 'End', 'amount')
      .flow('F2', 'Gateway', 'End')
      .build();
    const step = start(model, { instanceId: 'g', variables: { amount: 5 } });
    expect(incidentOf(step)).toEqual({
      elementId: 'Gateway',
      message: 'the condition of flow F1: condition "amount" must be true or false, got 5',
    });
  });

  it('names a timer duration that is not a duration, without starting the timer', () => {
    const model = new ModelBuilder()
      .node('Start', { kind: 'startEvent' })
      .node('Timer', { kind: 'timerCatch', duration: '=delay' })
      .node('End', { kind: 'endEvent' })
      .flow('F0', 'Start', 'Timer')
      .flow('F1', 'Timer', 'End')
      .build();
    const step = start(model, { instanceId: 't', variables: { delay: 'soon' } });
    expect(step.commands).toHaveLength(1);
    expect(incidentOf(step)).toEqual({
      elementId: 'Timer',
      message:
        'the timer duration: "soon" is not an ISO-8601 duration such as "PT5S", "P7D" or "P1DT2H"',
    });
  });

  it('stops a loop without a wait state', () => {
    const model = new ModelBuilder()
      .node('Start', { kind: 'startEvent' })
      .node('Again', { kind: 'exclusiveGateway' })
      .node('Work', task('busy'))
      .node('Done?', { kind: 'exclusiveGateway', defaultFlowId: 'Back' })
      .node('End', { kind: 'endEvent' })
      .flow('F0', 'Start', 'Again')
      .flow('F1', 'Again', 'Work')
      .flow('F2', 'Work', 'Done?')
      .flow('Exit', 'Done?', 'End', 'false')
      .flow('Back', 'Done?', 'Again')
      .build();
    const step = start(model, { instanceId: 'l', variables: {} });
    expect(incidentOf(step).message).toMatch(`more than ${MAX_STEPS_PER_BATCH} automatic steps`);
    expect(step.state).toMatchObject({ status: 'incident', tokens: [] });
  });
});

// ---------------------------------------------------------------------------------------
// Property: random fork/join graphs always complete, visiting every node exactly once.

function randomModel(random: () => number): ExecutableModel {
  const builder = new ModelBuilder();
  let count = 0;
  const id = (prefix: string) => `${prefix}${++count}`;
  const pick = (n: number) => Math.floor(random() * n);

  /** Builds a block after `from` and returns its last node. */
  const block = (from: string, depth: number): string => {
    let last = from;
    const length = 1 + pick(3);
    for (let i = 0; i < length; i++) {
      const choice = pick(depth < 3 ? 3 : 2);
      let next: string;
      if (choice === 0) {
        next = id('S');
        builder.node(next, task(next));
        builder.flow(id('F'), last, next);
      } else if (choice === 1) {
        next = random() < 0.7 ? id('U') : id('T');
        builder.node(
          next,
          next.startsWith('U') ? { kind: 'userTask' } : { kind: 'timerCatch', duration: 'PT1M' },
        );
        builder.flow(id('F'), last, next);
      } else {
        const fork = id('Fork');
        next = id('Join');
        builder.node(fork, { kind: 'parallelGateway' });
        builder.node(next, { kind: 'parallelGateway' });
        builder.flow(id('F'), last, fork);
        const branches = 2 + pick(2);
        for (let b = 0; b < branches; b++) builder.flow(id('F'), block(fork, depth + 1), next);
      }
      last = next;
    }
    return last;
  };

  builder.node('Start', { kind: 'startEvent' });
  const last = block('Start', 0);
  builder.node('End', { kind: 'endEvent' });
  builder.flow(id('F'), last, 'End');
  return builder.build();
}

/** After every batch each live token waits at exactly one user task or timer, and nothing else waits. */
function expectConsistent(state: EngineState, model: ExecutableModel): void {
  const tokenIds = state.tokens.map((token) => token.id);
  expect(new Set(tokenIds).size).toBe(tokenIds.length);
  expect(state.waits.map((wait) => wait.tokenId).sort()).toEqual([...tokenIds].sort());
  for (const wait of state.waits) {
    expect(state.tokens.find((token) => token.id === wait.tokenId)?.nodeId).toBe(wait.elementId);
    expect(model.nodes[wait.elementId].kind).toBe(
      wait.kind === 'timer' ? 'timerCatch' : 'userTask',
    );
  }
}

describe('random fork/join processes', () => {
  it.each(Array.from({ length: 200 }, (_, seed) => seed))(
    'seed %i completes, running each node once',
    (seed) => {
      const random = prng(seed);
      const model = randomModel(random);
      const effects: Effect[] = [];
      let step = start(model, { instanceId: `r${seed}`, variables: {} });
      effects.push(...effectsOf(step));
      expectConsistent(step.state, model);
      let batches = 0;
      while (step.state.status === 'running') {
        expect(++batches).toBeLessThanOrEqual(Object.keys(model.nodes).length);
        const { kind, waitKey } = step.state.waits[Math.floor(random() * step.state.waits.length)];
        const event: EngineEvent =
          kind === 'timer'
            ? { type: 'timerFired', waitKey }
            : { type: 'userTaskCompleted', waitKey, variables: {}, completedBy: null };
        step = advance(model, step.state, event);
        effects.push(...effectsOf(step));
        expectConsistent(step.state, model);
      }

      expect(step.state).toMatchObject({ status: 'completed', tokens: [], waits: [], joins: {} });
      expect(effects.at(-1)).toMatchObject({ type: 'instanceEnded', status: 'completed' });
      const keys = effects.map((effect) => effect.key);
      expect(new Set(keys).size).toBe(keys.length);
      for (const type of ['elementStarted', 'elementCompleted'] as const) {
        const visited = effects.flatMap((effect) =>
          effect.type === type ? [effect.elementId] : [],
        );
        expect(visited.sort()).toEqual(Object.keys(model.nodes).sort());
      }
      const opened = effects.filter((effect) => effect.type === 'openUserTask').length;
      const completed = effects.filter((effect) => effect.type === 'completeUserTask').length;
      expect(completed).toBe(opened);
      expect(opened).toBe(
        Object.values(model.nodes).filter((node) => node.kind === 'userTask').length,
      );
    },
  );
});

describe('deal and client-card actions', () => {
  it('keep the new deal id in a variable the next step reads, all in one batch', async () => {
    const model = await compileFixture('element-crm-deal-actions.bpmn');
    const instanceId = '0b6f1c9e-4a57-4d8e-9a43-2f1f1d3c8b11';
    const variables = { fleet: 'trucks', amount: 1250.5, nextStageId: 'stage-2', newOwner: 'noah' };
    const step = start(model, { instanceId, variables });
    expect(step.state.status).toBe('completed');
    const effects = effectsOf(step);
    const deal = effects.find((effect) => effect.type === 'createDeal');
    expect(deal).toMatchObject({
      title: 'Fleet renewal for trucks',
      amount: 1250.5,
      currency: 'EUR',
      pipelineId: null,
      stageId: null,
      clientId: null,
      owner: null,
    });
    const dealId = deal?.type === 'createDeal' ? deal.dealId : '';
    expect(step.state.variables.dealId).toBe(dealId);
    expect(summarize(effects).filter((line) => !/^(started|completed) /.test(line))).toEqual([
      'createDeal "Fleet renewal for trucks" 1250.5',
      `variablesChanged ${JSON.stringify({ ...variables, dealId })}`,
      `setDealStage ${dealId} stage-2`,
      'addNote "Deal opened by the process"',
      'assignClientOwner noah',
      'instanceEnded completed',
    ]);
    // The same instance and step always derive the same deal id: a replay writes the same row.
    const again = start(model, { instanceId, variables });
    expect(effectsOf(again).find((effect) => effect.type === 'createDeal')).toMatchObject({
      dealId,
    });
  });
});
