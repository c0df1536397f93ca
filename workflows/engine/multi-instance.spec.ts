/** Multi-instance activities on the pure engine: element-multi-instance.bpmn, event by event. */
import { compileFixture } from '../test/compile';
import { advance, start } from './engine';
import type { ExecutableModel } from './model';
import type { Effect, EngineState, Step } from './types';

const effectsOf = (step: Step): Effect[] =>
  step.commands.flatMap((command) => (command.type === 'writeEffects' ? command.effects : []));
const ofType = (step: Step, type: Effect['type']) =>
  effectsOf(step).filter((effect) => effect.type === type);
const completed = (step: Step) =>
  effectsOf(step).flatMap((effect) =>
    effect.type === 'elementCompleted' ? [effect.elementId] : [],
  );

const variables = {
  approvers: ['ann', 'bob', 'cid'],
  contacts: ['Ann', 'Bob'],
  documents: ['id card', 'contract'],
};

const approvalWaits = (state: EngineState) =>
  state.waits.filter((wait) => wait.elementId === 'Task_Approve').map((wait) => wait.waitKey);

const approve = (model: ExecutableModel, state: EngineState, waitKey: string, approved: boolean) =>
  advance(model, state, {
    type: 'userTaskCompleted',
    waitKey,
    variables: { approved },
    completedBy: null,
  });

describe('multi-instance activities', () => {
  it('parallel: open a task per item at once, each run seeing its item and loopCounter', async () => {
    const model = await compileFixture('element-multi-instance.bpmn');
    const step = start(model, { instanceId: 'i', variables });
    expect(ofType(step, 'openUserTask')).toHaveLength(3);
    expect(approvalWaits(step.state)).toHaveLength(3);
    const runs = step.state.tokens.filter((token) => token.bodyId !== undefined);
    expect(runs.map((token) => token.locals)).toEqual([
      { approver: 'ann', loopCounter: 1 },
      { approver: 'bob', loopCounter: 2 },
      { approver: 'cid', loopCounter: 3 },
    ]);
  });

  it('completes once the completion condition holds, cancelling the runs still going, and runs the sequential ones in order', async () => {
    const model = await compileFixture('element-multi-instance.bpmn');
    const started = start(model, { instanceId: 'i', variables });
    const [first, second, third] = approvalWaits(started.state);
    const once = approve(model, started.state, second, true);
    expect(once.state.status).toBe('running');
    expect(approvalWaits(once.state)).toEqual([first, third]);

    const step = approve(model, once.state, third, false);
    expect(ofType(step, 'cancelUserTask')).toEqual([expect.objectContaining({ waitKey: first })]);
    expect(
      ofType(step, 'createActivity').map((effect) => 'subject' in effect && effect.subject),
    ).toEqual(['Call Ann (1)', 'Call Bob (2)']);
    expect(completed(step)).toEqual([
      'Task_Approve',
      'Task_Call',
      'Task_Call',
      'Inner_Start',
      'Script_Check',
      'Inner_End',
      'Sub_Documents',
      'Inner_Start',
      'Script_Check',
      'Inner_End',
      'Sub_Documents',
      'End',
    ]);
    expect(step.state.status).toBe('completed');
    expect(step.state.variables).toMatchObject({
      approvals: [null, true, false],
      checkedDocuments: ['ID CARD', 'CONTRACT'],
    });
    // Run variables stay with their run.
    expect(step.state.variables).not.toHaveProperty('approver');
    expect(step.state.variables).not.toHaveProperty('loopCounter');
  });

  it('goes straight on over an empty list, and raises an incident when it is no list', async () => {
    const model = await compileFixture('element-multi-instance.bpmn');
    const empty = start(model, {
      instanceId: 'i',
      variables: { approvers: [], contacts: [], documents: [] },
    });
    expect(empty.state.status).toBe('completed');
    expect(empty.state.variables).toMatchObject({ approvals: [], checkedDocuments: [] });
    const broken = start(model, { instanceId: 'i', variables: { approvers: 'ann' } });
    expect(broken.state.status).toBe('incident');
    expect(ofType(broken, 'incidentRaised')).toEqual([
      expect.objectContaining({
        elementId: 'Task_Approve',
        message: 'the input collection must be a list, got "ann"',
      }),
    ]);
  });
});
