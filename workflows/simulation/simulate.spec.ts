import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileBpmn } from '../bpmn/compiler';
import type { ExecutableModel } from '../engine/model';
import { scriptProblems, simulate, type SimulationResult } from './simulate';

const DAY_MS = 24 * 60 * 60 * 1000;

async function compile(path: string): Promise<ExecutableModel> {
  const result = await compileBpmn(readFileSync(join(__dirname, path), 'utf8'));
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.model;
}

const demo = () => compile('../bpmn/fixtures/application-handling.bpmn');
const discount = () => compile('fixtures/discount-approval.bpmn');
const onboarding = () => compile('../bpmn/fixtures/parallel-onboarding.bpmn');

const completed = (result: SimulationResult) =>
  result.path.filter((entry) => entry.event === 'completed').map((entry) => entry.elementId);

const effectTypes = (result: SimulationResult) =>
  result.effects.map((effect) => `${effect.type}:${effect.elementId ?? ''}`);

describe('simulate', () => {
  it('runs the qualified branch of the demo through its timer to the end', async () => {
    const result = simulate(
      await demo(),
      { clientName: 'Acme' },
      {
        userTasks: { Task_QualifyApplication: [{ qualified: true }], Task_CloseApplication: [{}] },
      },
    );
    expect(result).toMatchObject({ status: 'completed', stoppedBecause: 'ended', error: null });
    expect(completed(result)).toEqual([
      'StartEvent_ApplicationReceived',
      'Task_QualifyApplication',
      'Gateway_Qualified',
      'Task_MarkPotential',
      'Task_CloseApplication',
      'Timer_FollowUp',
      'Task_FollowUpCall',
      'EndEvent_FollowedUp',
    ]);
    expect(result.path.slice(0, 3)).toEqual([
      expect.objectContaining({
        step: 0,
        event: 'started',
        elementId: 'StartEvent_ApplicationReceived',
      }),
      expect.objectContaining({ step: 0, event: 'completed', elementKind: 'startEvent' }),
      expect.objectContaining({ step: 0, event: 'started', elementId: 'Task_QualifyApplication' }),
    ]);
    expect(effectTypes(result)).toEqual([
      'openUserTask:Task_QualifyApplication',
      'completeUserTask:Task_QualifyApplication',
      'variablesChanged:',
      'setClientStatus:Task_MarkPotential',
      'openUserTask:Task_CloseApplication',
      'completeUserTask:Task_CloseApplication',
      'createActivity:Task_FollowUpCall',
      'instanceEnded:',
    ]);
    expect(result.effects).toContainEqual(
      expect.objectContaining({ type: 'setClientStatus', status: 'potential', step: 1 }),
    );
    expect(result.effects).toContainEqual(
      expect.objectContaining({ type: 'createActivity', activityKind: 'call', dueInMs: DAY_MS }),
    );
    // The P7D timer fired: simulated time moved on by seven days, and only there.
    expect(result.steps.map(({ trigger, elapsedMs }) => [trigger.type, elapsedMs])).toEqual([
      ['start', 0],
      ['userTaskCompleted', 0],
      ['userTaskCompleted', 0],
      ['timerFired', 7 * DAY_MS],
    ]);
    expect(result.steps.map((step) => step.variables)).toEqual([
      { clientName: 'Acme' },
      { clientName: 'Acme', qualified: true },
      { clientName: 'Acme', qualified: true },
      { clientName: 'Acme', qualified: true },
    ]);
    expect(result.waitingFor).toEqual([]);
  });

  it('runs the not-qualified branch of the demo to the rejection', async () => {
    const result = simulate(
      await demo(),
      {},
      { userTasks: { Task_QualifyApplication: [{ qualified: false }] } },
    );
    expect(result.status).toBe('completed');
    expect(completed(result)).toEqual([
      'StartEvent_ApplicationReceived',
      'Task_QualifyApplication',
      'Gateway_Qualified',
      'Task_MarkLost',
      'EndEvent_Rejected',
    ]);
    expect(result.effects).toContainEqual(
      expect.objectContaining({ type: 'setClientStatus', status: 'lost' }),
    );
    expect(result.elapsedMs).toBe(0);
  });

  it('stops at a user task the script does not answer, saying what it waits for', async () => {
    const result = simulate(await demo(), {});
    expect(result).toMatchObject({ status: 'running', stoppedBecause: 'waiting' });
    expect(result.waitingFor).toEqual([
      {
        kind: 'userTask',
        elementId: 'Task_QualifyApplication',
        elementName: 'Qualify application',
        waitKey: expect.stringMatching(/^simulation:/),
        dueInMs: null,
      },
    ]);
    expect(result.effects).toEqual([
      expect.objectContaining({ type: 'openUserTask', candidateRole: 'manager', step: 0 }),
    ]);
  });

  it('holds a timer the script tells to wait, with the time left', async () => {
    const result = simulate(
      await demo(),
      { followUpDelay: 'PT2H' },
      {
        userTasks: { Task_QualifyApplication: [{ qualified: true }], Task_CloseApplication: [{}] },
        timers: { Timer_FollowUp: 'wait' },
      },
    );
    expect(result.stoppedBecause).toBe('waiting');
    expect(result.waitingFor).toEqual([
      expect.objectContaining({
        kind: 'timer',
        elementId: 'Timer_FollowUp',
        dueInMs: 2 * 3600_000,
      }),
    ]);
  });

  it('counts a timer until a date from the simulation start; a date already past fires at once', async () => {
    const model = await compile('../bpmn/fixtures/element-timer-date.bpmn');
    const startAt = Date.parse('2030-01-01T08:00:00Z');
    const variables = { callBackAt: '2030-01-01T10:00:00Z' };
    const held = simulate(model, variables, { timers: { Timer_CallBackAt: 'wait' } }, startAt);
    expect(held.waitingFor).toEqual([
      expect.objectContaining({ elementId: 'Timer_CallBackAt', dueInMs: 2 * 3600_000 }),
    ]);
    const run = simulate(model, variables, {}, startAt);
    expect(run.status).toBe('completed');
    expect(run.steps.map((step) => step.elapsedMs)).toEqual([0, 2 * 3600_000, 2 * 3600_000]);
  });

  it('stops at an incident where a gateway finds no true condition at run time, naming it', async () => {
    const result = simulate(await discount(), {});
    expect(result).toMatchObject({
      status: 'incident',
      stoppedBecause: 'incident',
      error: { elementId: 'Gateway_Amount', message: expect.stringContaining('no condition') },
    });
    // The start is held whole by the incident: nothing of it ran.
    expect(result.path).toEqual([]);
    expect(result.effects).toEqual([
      expect.objectContaining({ type: 'incidentRaised', elementId: 'Gateway_Amount' }),
    ]);

    const large = simulate(
      await discount(),
      { amount: 5000 },
      { userTasks: { Task_Approve: [{}] } },
    );
    expect(large.status).toBe('completed');
    expect(completed(large)).toContain('Task_Approve');
    expect(large.effects).toContainEqual(
      expect.objectContaining({ type: 'createActivity', subject: 'Confirm a discount of 5000' }),
    );
  });

  it('fires parallel timers in the order they fall due, moving simulated time on', async () => {
    const timer = (id: string, duration: string) =>
      `<bpmn:intermediateCatchEvent id="${id}"><bpmn:timerEventDefinition>` +
      `<bpmn:timeDuration>${duration}</bpmn:timeDuration>` +
      `</bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>`;
    const compiled = await compileBpmn(`<?xml version="1.0" encoding="UTF-8"?>
      <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="D" targetNamespace="t">
        <bpmn:process id="two-timers" isExecutable="true">
          <bpmn:startEvent id="Start" />
          <bpmn:parallelGateway id="Fork" />
          ${timer('Timer_Long', 'PT2H')}
          ${timer('Timer_Short', 'PT30M')}
          <bpmn:endEvent id="End_Long" />
          <bpmn:endEvent id="End_Short" />
          <bpmn:sequenceFlow id="F0" sourceRef="Start" targetRef="Fork" />
          <bpmn:sequenceFlow id="F1" sourceRef="Fork" targetRef="Timer_Long" />
          <bpmn:sequenceFlow id="F2" sourceRef="Fork" targetRef="Timer_Short" />
          <bpmn:sequenceFlow id="F3" sourceRef="Timer_Long" targetRef="End_Long" />
          <bpmn:sequenceFlow id="F4" sourceRef="Timer_Short" targetRef="End_Short" />
        </bpmn:process>
      </bpmn:definitions>`);
    if (!compiled.ok) throw new Error(JSON.stringify(compiled.errors));
    const result = simulate(compiled.model, {});
    expect(result.status).toBe('completed');
    expect(result.steps.map(({ trigger, elapsedMs }) => [trigger.elementId, elapsedMs])).toEqual([
      [null, 0],
      ['Timer_Short', 30 * 60_000],
      ['Timer_Long', 2 * 3600_000],
    ]);
    expect(completed(result).slice(-4)).toEqual([
      'Timer_Short',
      'End_Short',
      'Timer_Long',
      'End_Long',
    ]);
  });

  it('stops after the step limit', async () => {
    const result = simulate(
      await demo(),
      {},
      {
        userTasks: { Task_QualifyApplication: [{ qualified: true }], Task_CloseApplication: [{}] },
        maxSteps: 1,
      },
    );
    expect(result.stoppedBecause).toBe('stepLimit');
    expect(result.steps).toHaveLength(2);
    expect(result.waitingFor.map((wait) => wait.elementId)).toEqual(['Task_CloseApplication']);
  });

  it('answers a user task again each time a loop reopens it, and joins parallel branches', async () => {
    const result = simulate(
      await onboarding(),
      {
        owner: 'manager@demo.local',
        name: 'Acme',
        coolingPeriod: 'P14D',
        status: 'active',
        meetingIn: 'P3D',
      },
      {
        userTasks: {
          Task_CheckDocuments: [{}, {}],
          Task_Rework: [{ approved: true }],
        },
      },
    );
    const entered = (id: string) =>
      result.path.filter((entry) => entry.event === 'started' && entry.elementId === id).length;
    // Round one is not approved (no variable yet), so Rework sends it round again.
    expect(result.status).toBe('completed');
    expect(entered('Task_CheckDocuments')).toBe(2);
    expect(entered('Timer_Cooling')).toBe(2);
    expect(entered('Task_Rework')).toBe(1);
    expect(entered('Join')).toBe(2);
    expect(entered('End_Onboarded')).toBe(1);
    expect(result.elapsedMs).toBe(2 * 14 * DAY_MS);
  });
});

describe('scriptProblems', () => {
  it('names elements the diagram lacks and answers of the wrong shape', async () => {
    const model = await demo();
    expect(scriptProblems(model, {})).toEqual([]);
    expect(
      scriptProblems(model, {
        userTasks: { Task_Nope: [{}], Task_QualifyApplication: [1] as never },
        timers: { Timer_FollowUp: 'later' as never },
        maxSteps: 0,
      }),
    ).toEqual([
      'userTasks: the diagram has no element "Task_Nope"',
      'userTasks.Task_QualifyApplication must be a list of variable objects',
      'timers.Timer_FollowUp must be "fire" or "wait"',
      'maxSteps must be an integer from 1 to 1000',
    ]);
    expect(() => simulate(model, {}, { maxSteps: 5000 })).toThrow('maxSteps');
  });

  it('checks answers against the outputs a user task declares', async () => {
    const model = await compile('../bpmn/fixtures/element-user-task-forms.bpmn');
    expect(
      scriptProblems(model, {
        userTasks: {
          Task_Qualify: [{ contactName: 'Jo Smith' }, { contactName: 'Jo', status: 'won' }],
          Task_Confirm: [{ confirmed: 'yes' }],
        },
      }),
    ).toEqual([
      'userTasks.Task_Qualify[1]: "status" is not an output of this task; it may set "contactName", "budget", "qualified", "segment", "meetingOn"',
      'userTasks.Task_Confirm[0]: "confirmed" must be true or false, got "yes"',
    ]);
  });
});

describe('simulate: event subprocesses', () => {
  it('fires an event subprocess timer when due, beside the user task it answers later', async () => {
    const model = await compile('../bpmn/fixtures/element-event-subprocess.bpmn');
    const result = simulate(
      model,
      { remindAfter: 'PT1H', clientId: 'client-1' },
      { userTasks: { Task_Prepare: [{ outOfStock: true }] } },
    );
    // The task has an answer, so it completes before the reminder is due.
    expect(result).toMatchObject({ status: 'completed', stoppedBecause: 'ended' });
    expect(completed(result)).toContain('Event_OutOfStock');
    expect(completed(result)).not.toContain('Event_Reminder');

    const waiting = simulate(model, { remindAfter: 'PT1H', clientId: 'client-1' }, {});
    expect(completed(waiting)).toContain('Event_Reminder');
    expect(waiting.waitingFor.map(({ kind, elementId }) => [kind, elementId])).toEqual([
      ['message', 'Event_Cancelled'],
      ['signal', 'Event_PriceList'],
      ['userTask', 'Task_Prepare'],
    ]);
  });
});
