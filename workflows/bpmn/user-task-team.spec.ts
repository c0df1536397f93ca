import { compileErrors, compileFixture, fixtureXml, lineOf } from '../test/compile';

describe('a user task for a candidate team', () => {
  it('keeps a team from FEEL and one written by name, beside the role', async () => {
    const model = await compileFixture('element-user-task-team.bpmn');
    expect(model.nodes.Task_Qualify).toMatchObject({
      kind: 'userTask',
      candidateRole: null,
      candidateTeam: '=team',
    });
    expect(model.nodes.Task_Visit).toMatchObject({
      kind: 'userTask',
      candidateRole: 'manager',
      candidateTeam: 'North',
    });
  });

  it('leaves a task without one as it was', async () => {
    const model = await compileFixture('application-handling.bpmn');
    expect(model.nodes.Task_QualifyApplication).not.toHaveProperty('candidateTeam');
  });

  it('refuses a blank team and FEEL that does not parse, naming the element and its line', async () => {
    const xml = fixtureXml('invalid-user-task-team.bpmn');
    const errors = await compileErrors(xml);
    expect(errors.map(({ elementId, line, message }) => [elementId, line, message])).toEqual([
      [
        'Task_BlankTeam',
        lineOf(xml, 'Task_BlankTeam'),
        'candidateTeam: give a team name or a FEEL expression, not a blank',
      ],
      [
        'Task_BadFeel',
        lineOf(xml, 'Task_BadFeel'),
        'candidateTeam: FEEL syntax error: "team +" is incomplete',
      ],
      [
        'Task_EmptyFeel',
        lineOf(xml, 'Task_EmptyFeel'),
        'candidateTeam: the FEEL expression is empty',
      ],
    ]);
  });
});
