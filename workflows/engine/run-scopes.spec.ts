/**
 * Multi-instance runs as scopes, on the pure engine: element-multi-instance-subprocess.bpmn
 * (parallel runs of a subprocess, boundary events on multi-instance activities), and states
 * from before run scopes.
 */
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
