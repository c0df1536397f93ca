import { effectText } from '../src/modeler/effect-text';
import type { SimulatedEffect } from '../src/types';

const effect = (type: string, fields: Record<string, unknown>): SimulatedEffect => ({
  type,
  key: 'simulation:1',
  step: 0,
  elementId: 'Task_1',
  ...fields,
});

describe("the test run's effects in words", () => {
  it('says what a CRM action would create, and for whom', () => {
    expect(
      effectText(
        effect('createActivity', { activityKind: 'call', subject: 'Welcome', assignee: null }),
      ),
    ).toBe("Plan a call “Welcome” for the client's owner");
    expect(
      effectText(
        effect('createActivity', { activityKind: 'meeting', subject: 'Demo', assignee: 'ann' }),
      ),
    ).toBe('Plan a meeting “Demo” for ann');
    expect(effectText(effect('setClientStatus', { status: 'customer' }))).toBe(
      "Set the client's status to customer",
    );
  });

  it('names who a task opens for: its assignee before its role', () => {
    const task = { name: 'Review', assignee: null, candidateRole: 'manager' };
    expect(effectText(effect('openUserTask', task))).toBe(
      'Open the task “Review” for the role manager',
    );
    expect(effectText(effect('openUserTask', { ...task, assignee: 'bob' }))).toBe(
      'Open the task “Review” for bob',
    );
    expect(effectText(effect('openUserTask', { ...task, candidateRole: null }))).toBe(
      'Open the task “Review”',
    );
  });

  it('shows the variables a completion sets, and falls back to the type', () => {
    expect(effectText(effect('completeUserTask', { variables: { ok: true } }))).toBe(
      'Complete the task with {"ok":true}',
    );
    expect(effectText(effect('elementTerminated', {}))).toBe('elementTerminated');
  });
});
