import { compileBpmn } from '../bpmn/compiler';
import type { ExecutableModel } from '../engine/model';
import { compileFixture } from '../test/compile';
import { type CalledProcesses, MAX_CALL_DEPTH, SimulationRefused } from './called-processes';
import { scriptProblems, simulate, type SimulationResult } from './simulate';

const HOUR_MS = 60 * 60 * 1000;

const completed = (result: SimulationResult) =>
  result.path.filter((entry) => entry.event === 'completed').map((entry) => entry.elementId);

async function compileXml(xml: string): Promise<ExecutableModel> {
  const result = await compileBpmn(xml);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.model;
}

/** A process with one call activity of `calledKey` between its start and end, and `more` beside. */
const callerXml = (id: string, calledKey: string, inputs: string, more = '', gateway = '') => `
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
                  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                  xmlns:flowcard="http://flowcard.dev/schema/bpmn"
                  id="Definitions_${id}" targetNamespace="http://flowcard.dev/processes">
  <bpmn:process id="${id}" isExecutable="true">
    <bpmn:startEvent id="Start" />
    ${gateway || '<bpmn:sequenceFlow id="Flow_ToCall" sourceRef="Start" targetRef="Call" />'}
    <bpmn:callActivity id="Call" name="Call ${calledKey}">
      <bpmn:extensionElements>
        <flowcard:calledElement processKey="${calledKey}" version="latest">${inputs}</flowcard:calledElement>
      </bpmn:extensionElements>
    </bpmn:callActivity>
    <bpmn:endEvent id="End" />
    <bpmn:sequenceFlow id="Flow_Called" sourceRef="Call" targetRef="End" />
    ${more}
  </bpmn:process>
</bpmn:definitions>`;

describe('simulate through call activities', () => {
  let order: ExecutableModel;
  let check: ExecutableModel;
  let called: CalledProcesses;
  beforeAll(async () => {
    order = await compileFixture('element-call-activity.bpmn');
    check = await compileFixture('element-called-credit-check.bpmn');
    called = { 'element-called-credit-check': { model: check, version: 3 } };
  });

  it('runs the called process with the inputs, and maps its outputs back', () => {
    const result = simulate(
      order,
      { orderAmount: 1000 },
      { userTasks: { Task_Rate: [{ rating: 'good' }] } },
      0,
      called,
    );
    expect(result).toMatchObject({ status: 'completed', stoppedBecause: 'ended', error: null });
    expect(completed(result)).toEqual(['Start', 'Call_CreditCheck', 'Task_Offer', 'End']);
    expect(result.steps.at(-1)?.variables).toEqual({ orderAmount: 1000, creditLimit: 2000 });
    expect(result.effects).toContainEqual(
      expect.objectContaining({ type: 'createActivity', subject: 'Offer up to 2000' }),
    );
    // The called instance's run, nested under the call: its own path, effects and steps.
    expect(result.calls).toHaveLength(1);
    const [call] = result.calls;
    expect(call).toMatchObject({
      elementId: 'Call_CreditCheck',
      step: 0,
      processKey: 'element-called-credit-check',
      version: 3,
      result: { status: 'completed', stoppedBecause: 'ended', calls: [] },
    });
    expect(completed(call.result)).toEqual([
      'Start',
      'Task_Rate',
      'Gateway_Rating',
      'Script_Limit',
      'End',
    ]);
    expect(call.result.effects.map((effect) => effect.type)).toEqual([
      'openUserTask',
      'completeUserTask',
      'variablesChanged',
      'variablesChanged',
      'instanceEnded',
    ]);
    // Steps are numbered across both instances, in the order they ran.
    expect(call.result.steps.map(({ step, trigger }) => [step, trigger.type])).toEqual([
      [1, 'start'],
      [2, 'userTaskCompleted'],
    ]);
    expect(call.result.steps[0].trigger.variables).toEqual({ amount: 1000 });
    expect(result.steps.map(({ step, trigger }) => [step, trigger.type])).toEqual([
      [0, 'start'],
      [3, 'calledInstanceEnded'],
    ]);
  });

  it('throws the error end event of the called process to the boundary event of the call', () => {
    const result = simulate(
      order,
      { orderAmount: 1000 },
      // Qualified by the called process's key: both processes have elements named like these.
      { userTasks: { 'element-called-credit-check/Task_Rate': [{ rating: 'bad' }] } },
      0,
      called,
    );
    expect(result.status).toBe('completed');
    expect(completed(result)).toEqual(['Start', 'Boundary_Refused', 'Task_Explain', 'End_Refused']);
    expect(result.calls[0].result).toMatchObject({ status: 'failed', stoppedBecause: 'ended' });
    expect(result.calls[0].result.effects.at(-1)).toMatchObject({
      type: 'instanceEnded',
      status: 'failed',
      error: expect.objectContaining({ errorCode: 'CREDIT_REFUSED' }),
    });
  });

  it('stops where the called process waits for what the script does not answer', () => {
    const result = simulate(order, { orderAmount: 10 }, {}, 0, called);
    expect(result).toMatchObject({ status: 'running', stoppedBecause: 'waiting' });
    expect(result.waitingFor).toEqual([
      expect.objectContaining({ kind: 'calledInstance', elementId: 'Call_CreditCheck' }),
    ]);
    expect(result.calls[0].result).toMatchObject({ status: 'running', stoppedBecause: 'waiting' });
    expect(result.calls[0].result.waitingFor).toEqual([
      expect.objectContaining({ kind: 'userTask', elementId: 'Task_Rate' }),
    ]);
  });

  it('cancels the called instance when a boundary timer ends the call first', async () => {
    const impatient = await compileXml(
      callerXml(
        'impatient-order',
        'element-called-credit-check',
        '',
        `<bpmn:boundaryEvent id="Timer_GiveUp" attachedToRef="Call">
           <bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition>
         </bpmn:boundaryEvent>
         <bpmn:endEvent id="End_GaveUp" />
         <bpmn:sequenceFlow id="Flow_GaveUp" sourceRef="Timer_GiveUp" targetRef="End_GaveUp" />`,
      ),
    );
    const result = simulate(impatient, { amount: 5 }, {}, 0, called);
    expect(result.status).toBe('completed');
    expect(result.elapsedMs).toBe(HOUR_MS);
    expect(completed(result)).toEqual(['Start', 'Timer_GiveUp', 'End_GaveUp']);
    expect(result.calls[0].result).toMatchObject({ status: 'cancelled', stoppedBecause: 'ended' });
    expect(result.calls[0].result.steps.map(({ trigger }) => trigger.type)).toEqual([
      'start',
      'cancelledByCaller',
    ]);
  });

  it('refuses a call of a process it was not given, naming the call activity', () => {
    const run = () => simulate(order, { orderAmount: 1 }, {}, 0, {});
    expect(run).toThrow(SimulationRefused);
    expect(run).toThrow(
      expect.objectContaining({
        code: 'CALLED_PROCESS_NOT_DEPLOYED',
        elementId: 'Call_CreditCheck',
        message: expect.stringContaining('"element-called-credit-check", which is not deployed'),
      }),
    );
  });

  it('runs a process that calls itself until its condition ends it, and refuses endless calls', async () => {
    const countdown = await compileXml(
      callerXml(
        'countdown',
        'countdown',
        '<flowcard:input source="=n - 1" target="n" />',
        `<bpmn:endEvent id="End_Zero" />
         <bpmn:sequenceFlow id="Flow_Zero" sourceRef="Gateway_More" targetRef="End_Zero" />`,
        `<bpmn:exclusiveGateway id="Gateway_More" default="Flow_Zero" />
         <bpmn:sequenceFlow id="Flow_ToGateway" sourceRef="Start" targetRef="Gateway_More" />
         <bpmn:sequenceFlow id="Flow_ToCall" sourceRef="Gateway_More" targetRef="Call">
           <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">=n &gt; 0</bpmn:conditionExpression>
         </bpmn:sequenceFlow>`,
      ),
    );
    const self: CalledProcesses = { countdown: { model: countdown, version: null } };
    let result = simulate(countdown, { n: 3 }, {}, 0, self);
    expect(result.status).toBe('completed');
    let depth = 0;
    while (result.calls.length > 0) {
      [{ result }] = result.calls;
      depth++;
    }
    expect(depth).toBe(3);
    expect(completed(result)).toEqual(['Start', 'Gateway_More', 'End_Zero']);

    expect(() => simulate(countdown, { n: 50 }, {}, 0, self)).toThrow(
      expect.objectContaining({
        code: 'SIMULATION_CALL_DEPTH_EXCEEDED',
        elementId: 'Call',
        message: expect.stringContaining(`deeper than ${MAX_CALL_DEPTH}`),
      }),
    );
  });

  it('checks the script against the called processes too', () => {
    expect(
      scriptProblems(order, { userTasks: { 'element-called-credit-check/Task_Rate': [{}] } }, [
        check,
      ]),
    ).toEqual([]);
    expect(scriptProblems(order, { userTasks: { Task_Rate: [{}] } }, [check])).toEqual([]);
    expect(
      scriptProblems(
        order,
        {
          userTasks: { 'element-called-credit-check/Task_Nope': [{}], Task_Rate: [{}] },
          timers: { 'other-process/Timer': 'wait' },
        },
        [],
      ),
    ).toEqual([
      'userTasks: no process "element-called-credit-check" it runs has an element "Task_Nope"',
      'userTasks: the diagram has no element "Task_Rate"',
      'timers: no process "other-process" it runs has an element "Timer"',
    ]);
  });
});
