/**
 * Multi-instance activities run through the app on the real Temporal server and Postgres: the
 * fixtures element-multi-instance.bpmn and element-multi-instance-subprocess.bpmn are deployed
 * and started over REST, their parallel tasks are worked through the task API, and the test
 * reads the path taken, the collected outputs and the CRM activities back.
 */
import { completedElements, terminatedElements, useBpmnFlowcard } from './harness/bpmn';
import { eventually } from './harness';

jest.setTimeout(90_000);

const {
  as,
  deployFixture,
  createClient,
  startInstance,
  ended,
  openTasks,
  completeTask,
  activitiesOf,
} = useBpmnFlowcard();

describe('multi-instance activities', () => {
  it('run parallel tasks until the completion condition holds, then sequential runs in item order', async () => {
    const definitionId = await deployFixture('element-multi-instance.bpmn');
    const clientId = await createClient('Many Approvals Ltd');
    const instanceId = await startInstance(definitionId, clientId, {
      approvers: ['ann', 'bob', 'cid'],
      contacts: ['Ann', 'Bob'],
      documents: ['id card', 'contract'],
    });

    const approvals = await eventually(async () => {
      const tasks = await openTasks(instanceId);
      return tasks.length === 3 && tasks;
    });
    expect(approvals.map((task) => task.name)).toEqual([
      'Approve the deal',
      'Approve the deal',
      'Approve the deal',
    ]);
    await completeTask(approvals[1].id, { approved: true });
    expect((await openTasks(instanceId)).map((task) => task.id).sort()).toEqual(
      [approvals[0].id, approvals[2].id].sort(),
    );
    await completeTask(approvals[0].id, { approved: true });

    const card = await ended(instanceId);
    expect(card.status).toBe('completed');
    expect(terminatedElements(card.events)).toEqual(['Task_Approve']);
    expect(completedElements(card.events)).toEqual([
      'Start',
      'Task_Approve',
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
    // In item order; which item each task was is the task list's secret (one batch wrote them).
    expect(card.variables.approvals).toHaveLength(3);
    expect(card.variables.approvals.filter((approved: unknown) => approved === true)).toHaveLength(
      2,
    );
    expect(card.variables.approvals).toContain(null);
    expect(card.variables.checkedDocuments).toEqual(['ID CARD', 'CONTRACT']);
    expect(card.variables).not.toHaveProperty('approver');
    expect(card.openTasks).toEqual([]);
    const cancelled = await as('manager', 'POST', `/api/tasks/${approvals[2].id}/complete`, {
      variables: { approved: false },
    });
    expect(cancelled.status).toBeGreaterThanOrEqual(400);
    expect((await activitiesOf(clientId, instanceId)).sort()).toEqual([
      'call: Call Ann (1)',
      'call: Call Bob (2)',
    ]);
  });

  it('run a parallel multi-instance subprocess: a user task in each run, the outputs in item order', async () => {
    const definitionId = await deployFixture('element-multi-instance-subprocess.bpmn');
    const clientId = await createClient('Many Reviews Ltd');
    const instanceId = await startInstance(definitionId, clientId, {
      approvers: ['ann'],
      reviewers: ['ann', 'bob', 'cid'],
    });
    // The approval's boundary timer waits on the multi-instance body and stops with it.
    const approval = await eventually(async () => {
      const tasks = await openTasks(instanceId);
      return tasks.length === 1 && tasks[0];
    });
    expect(approval.name).toBe('Approve the offer');
    await completeTask(approval.id);

    const reviews = await eventually(async () => {
      const tasks = await openTasks(instanceId);
      return tasks.length === 3 && tasks;
    });
    expect(reviews.map((task) => task.name)).toEqual([
      'Review the offer',
      'Review the offer',
      'Review the offer',
    ]);
    // Each run goes on by itself: completing one task leaves the other runs' tasks open.
    const [last, ...others] = [...reviews].reverse();
    await completeTask(last.id, { verdict: 'fine' });
    expect((await openTasks(instanceId)).map((task) => task.id).sort()).toEqual(
      others.map((task) => task.id).sort(),
    );
    for (const task of others) await completeTask(task.id, { verdict: 'fine' });

    const card = await ended(instanceId);
    expect(card.status).toBe('completed');
    expect(card.variables.reviews).toEqual(['ann: fine (1)', 'bob: fine (2)', 'cid: fine (3)']);
    // The item and the output element stayed in their runs.
    expect(card.variables).not.toHaveProperty('reviewer');
    expect(card.variables).not.toHaveProperty('summary');
    expect(completedElements(card.events).filter((id) => id === 'Sub_Review')).toHaveLength(3);
    expect(completedElements(card.events).slice(-1)).toEqual(['End']);
    expect(terminatedElements(card.events)).toEqual([]);
    expect(card.openTasks).toEqual([]);
  });
});
