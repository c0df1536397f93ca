/**
 * Multi-instance runs as scopes, on the pure engine: element-multi-instance-subprocess.bpmn
 * (parallel runs of a subprocess, boundary events on multi-instance activities), and states
 * from before run scopes.
 */
import { compileBpmn } from '../bpmn/compiler';
import { compileFixture } from '../test/compile';
import { advance, start } from './engine';
import type { ExecutableModel } from './model';
import type { Effect, EngineState, Step } from './types';

const effectsOf = (step: Step): Effect[] =>
  step.commands.flatMap((command) => (command.type === 'writeEffects' ? command.effects : []));
const ofType = (step: Step, type: Effect['type']) =>
  effectsOf(step).filter((effect) => effect.type === type);
const elementsWith = (step: Step, type: Effect['type']) =>
  effectsOf(step).flatMap((effect) =>
    effect.type === type && 'elementId' in effect ? [effect.elementId] : [],
  );

const FIXTURE = 'element-multi-instance-subprocess.bpmn';
const reviewers = ['ann', 'bob', 'cid'];

const waitsAt = (state: EngineState, elementId: string) =>
  state.waits.filter((wait) => wait.elementId === elementId).map((wait) => wait.waitKey);

/** The review task wait of the run over `reviewer`. */
function reviewOf(state: EngineState, reviewer: string): string {
  const run = state.tokens.find((token) => token.locals?.reviewer === reviewer);
  const task = state.tokens.find(
    (token) => token.nodeId === 'Task_Review' && token.scopeId === run?.id,
  );
  const wait = state.waits.find((candidate) => candidate.tokenId === task?.id);
  if (!wait) throw new Error(`no review task for ${reviewer}`);
  return wait.waitKey;
}

const review = (model: ExecutableModel, state: EngineState, waitKey: string, verdict: string) =>
  advance(model, state, {
    type: 'userTaskCompleted',
    waitKey,
    variables: { verdict },
    completedBy: null,
  });

async function reviewing(): Promise<{ model: ExecutableModel; step: Step }> {
  const model = await compileFixture(FIXTURE);
  const step = start(model, {
    instanceId: 'i',
    variables: { approvers: [], reviewers },
    runScopes: true,
  });
  return { model, step };
}

describe('parallel runs of a multi-instance subprocess', () => {
  it('run side by side, each token inside carrying its run', async () => {
    const { step } = await reviewing();
    const runs = step.state.tokens.filter((token) => token.nodeId === 'Sub_Review' && token.bodyId);
    expect(runs.map((run) => run.locals)).toEqual([
      { summary: null, reviewer: 'ann', loopCounter: 1 },
      { summary: null, reviewer: 'bob', loopCounter: 2 },
      { summary: null, reviewer: 'cid', loopCounter: 3 },
    ]);
    const tasks = step.state.tokens.filter((token) => token.nodeId === 'Task_Review');
    expect(tasks.map((task) => task.scopeId)).toEqual(runs.map((run) => run.id));
    expect(ofType(step, 'openUserTask')).toHaveLength(3);
    // The reminder waits on the body's token, once.
    expect(waitsAt(step.state, 'Timer_ReviewReminder')).toHaveLength(1);
  });

  it('collect each run’s output in item order, whatever order the runs end in; what the runs hold stays in them', async () => {
    const { model, step } = await reviewing();
    const reminder = waitsAt(step.state, 'Timer_ReviewReminder')[0];
    const cid = review(model, step.state, reviewOf(step.state, 'cid'), 'fine');
    expect(elementsWith(cid, 'elementCompleted')).toEqual([
      'Task_Review',
      'Gateway_Verdict',
      'Script_Summary',
      'Inner_End',
      'Sub_Review',
    ]);
    expect(waitsAt(cid.state, 'Task_Review')).toHaveLength(2);
    const ann = review(model, cid.state, reviewOf(cid.state, 'ann'), 'good');
    const bob = review(model, ann.state, reviewOf(ann.state, 'bob'), 'ok');
    expect(bob.state.status).toBe('completed');
    expect(bob.state.variables.reviews).toEqual(['ann: good (1)', 'bob: ok (2)', 'cid: fine (3)']);
    expect(bob.state.variables).not.toHaveProperty('summary');
    expect(bob.state.variables).not.toHaveProperty('reviewer');
    expect(bob.commands).toContainEqual({ type: 'cancelTimer', waitKey: reminder });
  });

  it('end the runs still going once the completion condition holds, cancelling their tasks', async () => {
    const { model, step } = await reviewing();
    const [annTask, cidTask] = [reviewOf(step.state, 'ann'), reviewOf(step.state, 'cid')];
    const veto = review(model, step.state, reviewOf(step.state, 'bob'), 'veto');
    expect(
      ofType(veto, 'cancelUserTask').map((effect) => 'waitKey' in effect && effect.waitKey),
    ).toEqual([annTask, cidTask]);
    expect(elementsWith(veto, 'elementTerminated')).toEqual([
      'Task_Review',
      'Sub_Review',
      'Task_Review',
      'Sub_Review',
    ]);
    expect(veto.state.status).toBe('completed');
    expect(veto.state.variables.reviews).toEqual([null, 'bob vetoes', null]);
    expect(veto.state.tokens).toEqual([]);
  });

  it('a non-interrupting boundary timer on the subprocess leaves every run going', async () => {
    const { model, step } = await reviewing();
    const reminder = waitsAt(step.state, 'Timer_ReviewReminder')[0];
    const fired = advance(model, step.state, { type: 'timerFired', waitKey: reminder });
    expect(elementsWith(fired, 'elementCompleted')).toEqual([
      'Timer_ReviewReminder',
      'End_Reminded',
    ]);
    expect(waitsAt(fired.state, 'Task_Review')).toHaveLength(3);
    expect(ofType(fired, 'cancelUserTask')).toEqual([]);
  });
});

describe('boundary events on a multi-instance task', () => {
  it('an interrupting timer ends every run and takes the boundary flow', async () => {
    const model = await compileFixture(FIXTURE);
    const started = start(model, {
      instanceId: 'i',
      variables: { approvers: ['ann', 'bob'], reviewers },
      runScopes: true,
    });
    const approvals = waitsAt(started.state, 'Task_Approve');
    expect(approvals).toHaveLength(2);
    // One timer, on the body: the runs arm none of their own.
    const [overdue] = waitsAt(started.state, 'Timer_ApprovalOverdue');
    expect(waitsAt(started.state, 'Timer_ApprovalOverdue')).toHaveLength(1);
    const fired = advance(model, started.state, { type: 'timerFired', waitKey: overdue });
    expect(
      ofType(fired, 'cancelUserTask').map((effect) => 'waitKey' in effect && effect.waitKey),
    ).toEqual(approvals);
    expect(elementsWith(fired, 'elementTerminated')).toEqual(['Task_Approve', 'Task_Approve']);
    expect(elementsWith(fired, 'elementCompleted')).toEqual([
      'Timer_ApprovalOverdue',
      'End_Overdue',
    ]);
    expect(fired.state.status).toBe('completed');
  });

  it('completing every run stops the timer', async () => {
    const model = await compileFixture(FIXTURE);
    const started = start(model, {
      instanceId: 'i',
      variables: { approvers: ['ann'], reviewers },
      runScopes: true,
    });
    const [overdue] = waitsAt(started.state, 'Timer_ApprovalOverdue');
    const [approval] = waitsAt(started.state, 'Task_Approve');
    const approved = advance(model, started.state, {
      type: 'userTaskCompleted',
      waitKey: approval,
      variables: {},
      completedBy: null,
    });
    expect(approved.commands).toContainEqual({ type: 'cancelTimer', waitKey: overdue });
    expect(waitsAt(approved.state, 'Task_Review')).toHaveLength(3);
  });
});

describe('instances without run scopes', () => {
  it('write what a run sets to the instance, as before', async () => {
    const model = await compileFixture(FIXTURE);
    const started = start(model, { instanceId: 'i', variables: { approvers: [], reviewers } });
    expect(started.state.runScopes).toBeUndefined();
    const runs = started.state.tokens.filter((token) => token.bodyId);
    expect(runs[0].locals).toEqual({ reviewer: 'ann', loopCounter: 1 });
    const cid = review(model, started.state, reviewOf(started.state, 'cid'), 'fine');
    expect(cid.state.variables).toMatchObject({ verdict: 'fine', summary: 'cid: fine (3)' });
  });

  it('go on from a state whose tokens carry no scope, the run found by its subprocess', async () => {
    const model = await compileFixture(FIXTURE);
    const variables = { approvers: [], reviewers: ['ann'] };
    const { state } = start(model, { instanceId: 'i', variables });
    // As a state written before run scopes holds one run of a subprocess.
    const unscoped = { ...state, tokens: state.tokens.map(({ scopeId: _, ...token }) => token) };
    expect(unscoped.tokens.some((token) => token.nodeId === 'Task_Review')).toBe(true);
    const done = review(model, unscoped, waitsAt(unscoped, 'Task_Review')[0], 'fine');
    expect(done.state.status).toBe('completed');
    expect(done.state.variables.reviews).toEqual(['ann: fine (1)']);
  });
});

/**
 * A parallel multi-instance subprocess over `items`: each run waits for a timer, then throws an
 * error when its item is "bad"; an interrupting timer event subprocess inside ends a run that
 * takes too long; an error boundary on the subprocess catches the error for every run.
 */
const timedRuns = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
    xmlns:flowcard="http://flowcard.dev/schema/bpmn" id="Definitions" targetNamespace="http://test">
<bpmn:error id="Error_Bad" errorCode="BAD" />
<bpmn:process id="p" isExecutable="true">
  <bpmn:startEvent id="Start" />
  <bpmn:subProcess id="Sub">
    <bpmn:multiInstanceLoopCharacteristics><bpmn:extensionElements>
      <flowcard:loopCharacteristics inputCollection="=items" inputElement="item" outputCollection="out" outputElement="=done" />
    </bpmn:extensionElements></bpmn:multiInstanceLoopCharacteristics>
    <bpmn:startEvent id="In_Start" />
    <bpmn:intermediateCatchEvent id="In_Wait"><bpmn:timerEventDefinition>
      <bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
    <bpmn:exclusiveGateway id="In_Bad" default="In_F_Good" />
    <bpmn:scriptTask id="In_Done" scriptFormat="feel" flowcard:resultVariable="done"><bpmn:script>=item + " done"</bpmn:script></bpmn:scriptTask>
    <bpmn:endEvent id="In_End" />
    <bpmn:endEvent id="In_Throw"><bpmn:errorEventDefinition errorRef="Error_Bad" /></bpmn:endEvent>
    <bpmn:sequenceFlow id="In_F1" sourceRef="In_Start" targetRef="In_Wait" />
    <bpmn:sequenceFlow id="In_F2" sourceRef="In_Wait" targetRef="In_Bad" />
    <bpmn:sequenceFlow id="In_F_Bad" sourceRef="In_Bad" targetRef="In_Throw"><bpmn:conditionExpression>=item = "bad"</bpmn:conditionExpression></bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="In_F_Good" sourceRef="In_Bad" targetRef="In_Done" />
    <bpmn:sequenceFlow id="In_F3" sourceRef="In_Done" targetRef="In_End" />
    <bpmn:subProcess id="In_Late" triggeredByEvent="true">
      <bpmn:startEvent id="Late_Start"><bpmn:timerEventDefinition>
        <bpmn:timeDuration>PT2H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:startEvent>
      <bpmn:scriptTask id="Late_Note" scriptFormat="feel" flowcard:resultVariable="done"><bpmn:script>=item + " late"</bpmn:script></bpmn:scriptTask>
      <bpmn:endEvent id="Late_End" />
      <bpmn:sequenceFlow id="Late_F1" sourceRef="Late_Start" targetRef="Late_Note" />
      <bpmn:sequenceFlow id="Late_F2" sourceRef="Late_Note" targetRef="Late_End" />
    </bpmn:subProcess>
  </bpmn:subProcess>
  <bpmn:boundaryEvent id="Caught" attachedToRef="Sub"><bpmn:errorEventDefinition errorRef="Error_Bad" /></bpmn:boundaryEvent>
  <bpmn:endEvent id="End" />
  <bpmn:endEvent id="End_Bad" />
  <bpmn:sequenceFlow id="F1" sourceRef="Start" targetRef="Sub" />
  <bpmn:sequenceFlow id="F2" sourceRef="Sub" targetRef="End" />
  <bpmn:sequenceFlow id="F3" sourceRef="Caught" targetRef="End_Bad" />
</bpmn:process>
</bpmn:definitions>`;

describe('runs with timers, event subprocesses and errors of their own', () => {
  async function timed(items: string[]) {
    const result = await compileBpmn(timedRuns);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    const step = start(result.model, { instanceId: 'i', variables: { items }, runScopes: true });
    return { model: result.model, step };
  }
  const timerOf = (state: EngineState, elementId: string, item: string) => {
    const run = state.tokens.find((token) => token.locals?.item === item);
    const token = state.tokens.find(
      (candidate) => candidate.scopeId === run?.id && candidate.nodeId === elementId,
    );
    const wait = state.waits.find((candidate) => candidate.tokenId === token?.id);
    if (!wait) throw new Error(`no ${elementId} timer for ${item}`);
    return wait.waitKey;
  };
  const fire = (model: ExecutableModel, state: EngineState, waitKey: string) =>
    advance(model, state, { type: 'timerFired', waitKey });

  it('each run waits for its own timer; an event subprocess ends only its own run', async () => {
    const { model, step } = await timed(['a', 'b']);
    expect(waitsAt(step.state, 'In_Wait')).toHaveLength(2);
    expect(waitsAt(step.state, 'In_Late')).toHaveLength(2);
    const a = fire(model, step.state, timerOf(step.state, 'In_Wait', 'a'));
    expect(elementsWith(a, 'elementCompleted')).toEqual([
      'In_Wait',
      'In_Bad',
      'In_Done',
      'In_End',
      'Sub',
    ]);
    // Run a ended: its event subprocess stopped listening; b's still does.
    expect(waitsAt(a.state, 'In_Late')).toHaveLength(1);
    const late = fire(model, a.state, timerOf(a.state, 'In_Late', 'b'));
    expect(elementsWith(late, 'elementTerminated')).toEqual(['In_Wait']);
    expect(late.state.status).toBe('completed');
    expect(late.state.variables.out).toEqual(['a done', 'b late']);
  });

  it('an error thrown in one run is caught by the boundary on the subprocess, ending every run', async () => {
    const { model, step } = await timed(['bad', 'good']);
    const bad = fire(model, step.state, timerOf(step.state, 'In_Wait', 'bad'));
    expect(elementsWith(bad, 'elementTerminated')).toEqual(['Sub', 'In_Wait', 'Sub']);
    expect(elementsWith(bad, 'elementCompleted').slice(-2)).toEqual(['Caught', 'End_Bad']);
    expect(bad.state.status).toBe('completed');
    expect(bad.state.waits).toEqual([]);
    expect(bad.state.variables).not.toHaveProperty('out');
  });
});

/** A parallel multi-instance user task with a signal (non-interrupting) and a message boundary. */
const signalledTask = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
    xmlns:flowcard="http://flowcard.dev/schema/bpmn" id="Definitions" targetNamespace="http://test">
<bpmn:signal id="Signal_Nudge" name="nudge" />
<bpmn:message id="Message_Stop" name="stop" />
<bpmn:process id="p" isExecutable="true">
  <bpmn:startEvent id="Start" />
  <bpmn:userTask id="Task">
    <bpmn:multiInstanceLoopCharacteristics><bpmn:extensionElements>
      <flowcard:loopCharacteristics inputCollection="=items" inputElement="item" />
    </bpmn:extensionElements></bpmn:multiInstanceLoopCharacteristics>
  </bpmn:userTask>
  <bpmn:boundaryEvent id="Nudged" attachedToRef="Task" cancelActivity="false">
    <bpmn:signalEventDefinition signalRef="Signal_Nudge" /></bpmn:boundaryEvent>
  <bpmn:boundaryEvent id="Stopped" attachedToRef="Task">
    <bpmn:extensionElements><flowcard:subscription correlationKey="=key" /></bpmn:extensionElements>
    <bpmn:messageEventDefinition messageRef="Message_Stop" /></bpmn:boundaryEvent>
  <bpmn:endEvent id="End" />
  <bpmn:endEvent id="End_Nudged" />
  <bpmn:endEvent id="End_Stopped" />
  <bpmn:sequenceFlow id="F1" sourceRef="Start" targetRef="Task" />
  <bpmn:sequenceFlow id="F2" sourceRef="Task" targetRef="End" />
  <bpmn:sequenceFlow id="F3" sourceRef="Nudged" targetRef="End_Nudged" />
  <bpmn:sequenceFlow id="F4" sourceRef="Stopped" targetRef="End_Stopped" />
</bpmn:process>
</bpmn:definitions>`;

describe('signal and message boundary events on a multi-instance task', () => {
  it('a signal leaves the runs going; a message ends them all', async () => {
    const result = await compileBpmn(signalledTask);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    const { model } = result;
    const variables = { items: ['a', 'b'], key: 'k' };
    const started = start(model, { instanceId: 'i', variables, runScopes: true });
    expect(ofType(started, 'openSignalWait')).toHaveLength(1);
    expect(ofType(started, 'openMessageWait')).toEqual([
      expect.objectContaining({ messageName: 'stop', correlationKey: 'k' }),
    ]);
    const nudged = advance(model, started.state, {
      type: 'signalReceived',
      signalName: 'nudge',
      variables: {},
    });
    expect(elementsWith(nudged, 'elementCompleted')).toEqual(['Nudged', 'End_Nudged']);
    expect(waitsAt(nudged.state, 'Task')).toHaveLength(2);
    const [stop] = waitsAt(nudged.state, 'Stopped');
    const stopped = advance(model, nudged.state, {
      type: 'messageReceived',
      waitKey: stop,
      variables: {},
    });
    expect(ofType(stopped, 'cancelUserTask')).toHaveLength(2);
    expect(elementsWith(stopped, 'elementTerminated')).toEqual(['Task', 'Task']);
    expect(elementsWith(stopped, 'elementCompleted')).toEqual(['Stopped', 'End_Stopped']);
    expect(stopped.state.status).toBe('completed');
  });
});
