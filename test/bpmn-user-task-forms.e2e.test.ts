/**
 * User tasks that declare their outputs, on the real Temporal server: a completion outside the
 * declaration answers 400 and changes nothing; FEEL due and follow-up dates reach the task; a
 * timer date from an expression beyond the timer maximum raises an incident on its element.
 */
import { postDiagram, useBpmnFlowcard } from '#test/harness/bpmn';

const {
  flowcard,
  tokens,
  as,
  deployFixture,
  createClient,
  startInstance,
  instanceCard,
  ended,
  openTask,
} = useBpmnFlowcard();

const DAY_MS = 86_400_000;

async function startQualifying() {
  const definitionId = await deployFixture('element-user-task-forms.bpmn');
  const clientId = await createClient(`Forms ${Date.now()}`);
  const instanceId = await startInstance(definitionId, clientId, {
    assigneeEmail: 'manager@demo.local',
    team: 'manager',
    dueBy: '2030-01-31T17:00:00+01:00',
    followUpAfter: 'P2D',
  });
  const listed = await openTask(instanceId, 'Qualify the lead');
  return { instanceId, taskId: listed.id };
}

const complete = (taskId: string, variables: object) =>
  as('manager', 'POST', `/api/tasks/${taskId}/complete`, { variables });

describe('a user task with a form', () => {
  it('carries its form, its outputs and its FEEL assignee, due and follow-up dates', async () => {
    const { taskId } = await startQualifying();
    const task = (await as('manager', 'GET', `/api/tasks/${taskId}`)).body;
    const me = (await as('manager', 'GET', '/api/me')).body;
    expect(task).toMatchObject({
      assigneeId: me.id,
      candidateRole: 'manager',
      dueAt: '2030-01-31T16:00:00.000Z',
      overdue: false,
    });
    // The follow-up is two days after the commit that opened the task, which is when it was created.
    expect(Date.parse(task.followUpAt) - Date.parse(task.createdAt)).toBeGreaterThanOrEqual(
      2 * DAY_MS - 1,
    );
    expect(Date.parse(task.followUpAt) - Date.parse(task.createdAt)).toBeLessThanOrEqual(
      2 * DAY_MS + 1,
    );
    expect(task.form.components.map((field: { type: string }) => field.type)).toEqual([
      'textfield',
      'number',
      'checkbox',
      'select',
      'datetime',
      'button',
    ]);
    expect(task.outputs.map((output: { name: string; type: string }) => output)).toEqual([
      { name: 'contactName', type: 'string', required: true, minLength: 2, maxLength: 80 },
      { name: 'budget', type: 'number', required: false, min: 0, max: 1000000 },
      { name: 'qualified', type: 'boolean', required: false },
      { name: 'segment', type: 'string', required: false, values: ['small', 'large'] },
      { name: 'meetingOn', type: 'date', required: false },
    ]);
  });

  it('refuses an undeclared key, a wrong type and a missing output with 400, changing nothing; then completes', async () => {
    const { instanceId, taskId } = await startQualifying();
    const before = await instanceCard(instanceId);

    const undeclared = await complete(taskId, { contactName: 'Jo Smith', status: 'won' });
    expect(undeclared.status).toBe(400);
    expect(undeclared.body).toMatchObject({
      code: 'TASK_OUTPUT_UNDECLARED',
      message: expect.stringContaining('"status" is not an output of this task'),
      details: [{ field: 'status', kind: 'undeclared', message: expect.any(String) }],
    });

    const wrongType = await complete(taskId, { contactName: 'Jo Smith', budget: 'lots' });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body).toMatchObject({
      code: 'TASK_OUTPUT_INVALID',
      message: '"budget" must be a number, got "lots"',
      details: [{ field: 'budget', kind: 'invalid' }],
    });

    const missing = await complete(taskId, { qualified: true });
    expect(missing.status).toBe(400);
    expect(missing.body).toMatchObject({
      code: 'TASK_OUTPUT_MISSING',
      message: '"contactName" is required',
    });

    const task = (await as('manager', 'GET', `/api/tasks/${taskId}`)).body;
    expect(task).toMatchObject({ status: 'open', completedAt: null, completionVariables: null });
    const unchanged = await instanceCard(instanceId);
    expect(unchanged.status).toBe('running');
    expect(unchanged.variables).toEqual(before.variables);
    expect(unchanged.events.length).toBe(before.events.length);

    const completed = await complete(taskId, {
      contactName: 'Jo Smith',
      budget: 5000,
      qualified: true,
      segment: 'large',
      meetingOn: '2030-02-01',
    });
    expect(completed.status).toBe(200);
    expect(completed.body).toMatchObject({ status: 'completed' });
    expect((await instanceCard(instanceId)).variables).toMatchObject({
      contactName: 'Jo Smith',
      budget: 5000,
      segment: 'large',
    });
  });

  it('shows and filters a literal follow-up date, and runs the form by key and the output list to the end', async () => {
    const { instanceId, taskId } = await startQualifying();
    expect((await complete(taskId, { contactName: 'Jo Smith' })).status).toBe(200);

    const review = await openTask(instanceId, 'Review the offer');
    const reviewTask = (await as('manager', 'GET', `/api/tasks/${review.id}`)).body;
    expect(reviewTask.followUpAt).toBe('2030-01-31T08:00:00.000Z');
    expect(reviewTask.dueAt).toBeNull();
    const listedBy = async (before: string) =>
      (
        await as('manager', 'GET', `/api/tasks?instanceId=${instanceId}&followUpBefore=${before}`)
      ).body.items.map((task: { id: string }) => task.id);
    expect(await listedBy('2030-02-01T00:00:00Z')).toEqual([review.id]);
    expect(await listedBy('2030-01-01T00:00:00Z')).toEqual([]);
    expect((await as('manager', 'GET', '/api/tasks?followUpBefore=soon')).status).toBe(400);

    expect((await complete(review.id, { decision: 'maybe' })).body).toMatchObject({
      code: 'TASK_OUTPUT_INVALID',
      message: '"decision" must be one of "accept", "reject"',
    });
    expect((await complete(review.id, { decision: 'accept', comment: 'Fine' })).status).toBe(200);

    const confirm = await openTask(instanceId, 'Confirm the order');
    const confirmTask = (await as('manager', 'GET', `/api/tasks/${confirm.id}`)).body;
    expect(confirmTask.form).toBeNull();
    expect(confirmTask.outputs.map((output: { name: string }) => output.name)).toEqual([
      'confirmed',
      'orderNumber',
      'quantity',
    ]);
    expect((await complete(confirm.id, { confirmed: 'yes' })).body.code).toBe(
      'TASK_OUTPUT_INVALID',
    );
    expect((await complete(confirm.id, { confirmed: true, quantity: 2 })).status).toBe(200);

    const card = await ended(instanceId);
    expect(card.status).toBe('completed');
    expect(card.variables).toMatchObject({ decision: 'accept', confirmed: true, quantity: 2 });
  });

  it('leaves a task without a declaration as it was: any variables, no form', async () => {
    const definitionId = await deployFixture('application-handling.bpmn');
    const clientId = await createClient(`Undeclared ${Date.now()}`);
    const instanceId = await startInstance(definitionId, clientId, { followUpDelay: 'PT1H' });
    const listed = await openTask(instanceId, 'Qualify application');
    const task = (await as('manager', 'GET', `/api/tasks/${listed.id}`)).body;
    expect(task).toMatchObject({ form: null, outputs: null, followUpAt: null });
    expect((await complete(listed.id, { qualified: false, anything: { at: 'all' } })).status).toBe(
      200,
    );
  });
});

describe('the timer maximum', () => {
  it('refuses a literal timer beyond it at deploy, with element and line', async () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="D" targetNamespace="http://test">
  <bpmn:process id="timer-too-long" isExecutable="true">
    <bpmn:startEvent id="Start" />
    <bpmn:intermediateCatchEvent id="Timer_Forever">
      <bpmn:timerEventDefinition><bpmn:timeDuration>P40000D</bpmn:timeDuration></bpmn:timerEventDefinition>
    </bpmn:intermediateCatchEvent>
    <bpmn:endEvent id="End" />
    <bpmn:sequenceFlow id="F1" sourceRef="Start" targetRef="Timer_Forever" />
    <bpmn:sequenceFlow id="F2" sourceRef="Timer_Forever" targetRef="End" />
  </bpmn:process>
</bpmn:definitions>`;
    const response = await postDiagram(flowcard, tokens.analyst, xml);
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({
      code: 'BPMN_INVALID',
      details: [
        {
          elementId: 'Timer_Forever',
          line: 5,
          message:
            'timeDuration: P40000D is longer than the timer maximum (P3653D, FLOWCARD_MAX_TIMER)',
        },
      ],
    });
  });

  it('raises an incident on the element whose timer date, from an expression, lies beyond it', async () => {
    const definitionId = await deployFixture('element-timer-date.bpmn');
    const clientId = await createClient(`Far Future ${Date.now()}`);
    const instanceId = await startInstance(definitionId, clientId, {
      callBackAt: '2100-01-01T00:00:00Z',
    });
    const card = await ended(instanceId);
    expect(card.status).toBe('incident');
    expect(card.incidents).toHaveLength(1);
    expect(card.incidents[0]).toMatchObject({
      elementId: 'Timer_CallBackAt',
      message: expect.stringMatching(
        /^the timer date 2100-01-01T00:00:00.000Z is P\d+D.* away, longer than the timer maximum \(P3653D\)$/,
      ),
    });
  });
});
