/**
 * Dry runs of a diagram with gateways, boundary events (timers with and without a cycle, an
 * error) and a subprocess: each branch the script steers it into, with its simulated time.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileBpmn } from '../bpmn/compiler';
import type { ExecutableModel } from '../engine/model';
import { simulate, type SimulationResult } from './simulate';

const DAY_MS = 24 * 60 * 60 * 1000;

async function orderFulfilment(): Promise<ExecutableModel> {
  const xml = readFileSync(join(__dirname, 'fixtures/order-fulfilment.bpmn'), 'utf8');
  const result = await compileBpmn(xml);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.model;
}

const completed = (result: SimulationResult) =>
  result.path.filter((entry) => entry.event === 'completed').map((entry) => entry.elementId);

const activities = (result: SimulationResult) =>
  result.effects.flatMap((effect) =>
    effect.type === 'createActivity' ? [`${effect.activityKind}: ${effect.subject}`] : [],
  );

describe('simulate, with boundary events and a subprocess', () => {
  it('runs a small order through the parallel branches of the subprocess to the end', async () => {
    const result = simulate(
      await orderFulfilment(),
      { amount: 500 },
      { userTasks: { Task_Pack: [{ outOfStock: false }] } },
    );
    expect(result).toMatchObject({ status: 'completed', stoppedBecause: 'ended', elapsedMs: 0 });
    expect(completed(result)).toEqual([
      'Start',
      'Gateway_Amount',
      'Inner_Start',
      'Inner_Fork',
      'Task_Invoice',
      'Task_Pack',
      'Inner_Join',
      'Gateway_Stock',
      'Inner_End',
      'Sub_Fulfil',
      'Task_Ship',
      'End_Shipped',
    ]);
    expect(activities(result)).toEqual(['task: Send the invoice']);
    expect(result.effects).toContainEqual(
      expect.objectContaining({ type: 'setClientStatus', status: 'active' }),
    );
  });

  it('escalates a big order whose approval is overdue: the boundary timer ends the task', async () => {
    const result = simulate(await orderFulfilment(), { amount: 5000 }, {});
    expect(result).toMatchObject({
      status: 'completed',
      stoppedBecause: 'ended',
      elapsedMs: 2 * DAY_MS,
    });
    expect(completed(result)).toEqual([
      'Start',
      'Gateway_Amount',
      'Boundary_ApprovalOverdue',
      'Task_Escalate',
      'End_Escalated',
    ]);
    expect(result.effects).toContainEqual(
      expect.objectContaining({ type: 'cancelUserTask', elementId: 'Task_Approve' }),
    );
    expect(activities(result)).toEqual(['task: Approval overdue']);
    expect(result.steps.at(-1)?.trigger).toEqual({
      type: 'timerFired',
      elementId: 'Boundary_ApprovalOverdue',
      variables: null,
    });
  });

  it('catches the out-of-stock error on the subprocess boundary and ends everything inside', async () => {
    const result = simulate(
      await orderFulfilment(),
      { amount: 5000 },
      { userTasks: { Task_Approve: [{}], Task_Pack: [{ outOfStock: true }] } },
    );
    expect(result).toMatchObject({ status: 'completed', stoppedBecause: 'ended', elapsedMs: 0 });
    expect(completed(result).slice(-6)).toEqual([
      'Inner_Join',
      'Gateway_Stock',
      'End_OutOfStock',
      'Boundary_OutOfStock',
      'Task_Apologise',
      'End_Cancelled',
    ]);
    expect(completed(result)).not.toContain('Sub_Fulfil');
    expect(activities(result)).toEqual(['task: Send the invoice', 'call: Item out of stock']);
  });

  it('chases a slow fulfilment each day, twice, and stops at the packing nobody answers', async () => {
    const result = simulate(await orderFulfilment(), { amount: 500 }, {});
    expect(result).toMatchObject({
      status: 'running',
      stoppedBecause: 'waiting',
      elapsedMs: 2 * DAY_MS,
    });
    expect(completed(result).filter((id) => id === 'End_Chased')).toHaveLength(2);
    expect(activities(result)).toEqual([
      'task: Send the invoice',
      'task: Chase the warehouse',
      'task: Chase the warehouse',
    ]);
    expect(result.waitingFor).toEqual([
      expect.objectContaining({ kind: 'userTask', elementId: 'Task_Pack', dueInMs: null }),
    ]);
  });

  it('holds the cycle when the script says so, and reports the timer as waiting', async () => {
    const result = simulate(
      await orderFulfilment(),
      { amount: 500 },
      { timers: { Boundary_Slow: 'wait' } },
    );
    expect(result).toMatchObject({ stoppedBecause: 'waiting', elapsedMs: 0 });
    expect(result.waitingFor.map((wait) => [wait.kind, wait.elementId, wait.dueInMs])).toEqual(
      expect.arrayContaining([
        ['userTask', 'Task_Pack', null],
        ['timer', 'Boundary_Slow', DAY_MS],
      ]),
    );
  });
});
