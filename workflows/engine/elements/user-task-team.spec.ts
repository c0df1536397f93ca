/** The candidate team of a user task, evaluated when the task opens. */
import { compileFixture } from '../../test/compile';
import { advance, start } from '../engine';
import type { Effect, Step } from '../types';

const effectsOf = (step: Step): Effect[] =>
  step.commands.flatMap((command) => (command.type === 'writeEffects' ? command.effects : []));

const opened = (step: Step) => effectsOf(step).filter((effect) => effect.type === 'openUserTask');

describe('a user task for a candidate team', () => {
  it('opens with the team FEEL gives, then with the team written by name', async () => {
    const model = await compileFixture('element-user-task-team.bpmn');
    const first = start(model, { instanceId: 'i', variables: { team: 'South' } });
    expect(opened(first)).toEqual([
      expect.objectContaining({
        elementId: 'Task_Qualify',
        candidateRole: null,
        candidateTeam: 'South',
      }),
    ]);
    const wait = first.state.waits.find((candidate) => candidate.elementId === 'Task_Qualify')!;
    const second = advance(model, first.state, {
      type: 'userTaskCompleted',
      waitKey: wait.waitKey,
      variables: {},
      completedBy: null,
    });
    expect(opened(second)).toEqual([
      expect.objectContaining({
        elementId: 'Task_Visit',
        candidateRole: 'manager',
        candidateTeam: 'North',
      }),
    ]);
  });

  it('raises an incident on the task when FEEL gives no team', async () => {
    const model = await compileFixture('element-user-task-team.bpmn');
    const step = start(model, { instanceId: 'i', variables: {} });
    expect(step.state.status).toBe('incident');
    expect(effectsOf(step)).toContainEqual(
      expect.objectContaining({
        type: 'incidentRaised',
        elementId: 'Task_Qualify',
        message: expect.stringContaining('candidateTeam evaluated to null'),
      }),
    );
    expect(opened(step)).toEqual([]);
  });

  it('leaves the effect of a task without a team as it was', async () => {
    const model = await compileFixture('application-handling.bpmn');
    const step = start(model, { instanceId: 'i', variables: {} });
    expect(opened(step)).toHaveLength(1);
    expect(opened(step)[0]).not.toHaveProperty('candidateTeam');
  });
});
