import type { ExecutableModel } from '../engine/model';
import { compileErrors, fixtureXml as fixture, lineOf } from '../test/compile';
import { type CompileIssue, compileBpmn } from './compiler';

async function compileOk(
  xml: string,
): Promise<{ model: ExecutableModel; warnings: CompileIssue[] }> {
  const result = await compileBpmn(xml);
  if (!result.ok) {
    throw new Error(`expected the diagram to compile: ${JSON.stringify(result.errors)}`);
  }
  return result;
}

const definitions = (body: string) => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
    xmlns:flowcard="http://flowcard.dev/schema/bpmn" id="Definitions" targetNamespace="http://test">
${body}
</bpmn:definitions>`;

const process = (body: string, id = 'p') =>
  `<bpmn:process id="${id}" isExecutable="true">\n${body}\n</bpmn:process>`;

/** start → <middle> → end, with the flows already drawn. */
const around = (middle: string, middleId: string) =>
  definitions(
    process(`<bpmn:startEvent id="Start" />
${middle}
<bpmn:endEvent id="End" />
<bpmn:sequenceFlow id="Flow_In" sourceRef="Start" targetRef="${middleId}" />
<bpmn:sequenceFlow id="Flow_Out" sourceRef="${middleId}" targetRef="End" />`),
  );

describe('compileBpmn: valid diagrams', () => {
  it('compiles the application-handling demo', async () => {
    const { model, warnings } = await compileOk(fixture('application-handling.bpmn'));
    expect(warnings).toEqual([]);
    expect(model.processId).toBe('application-handling');
    expect(model.name).toBe('Application handling');
    expect(model.startNodeId).toBe('StartEvent_ApplicationReceived');
    expect(Object.values(model.nodes).map((node) => [node.id, node.kind])).toEqual([
      ['StartEvent_ApplicationReceived', 'startEvent'],
      ['Task_QualifyApplication', 'userTask'],
      ['Gateway_Qualified', 'exclusiveGateway'],
      ['Task_MarkPotential', 'serviceTask'],
      ['Task_CloseApplication', 'userTask'],
      ['Timer_FollowUp', 'timerCatch'],
      ['Task_FollowUpCall', 'serviceTask'],
      ['EndEvent_FollowedUp', 'endEvent'],
      ['Task_MarkLost', 'serviceTask'],
      ['EndEvent_Rejected', 'endEvent'],
    ]);
    expect(model.nodes.Task_QualifyApplication).toEqual({
      id: 'Task_QualifyApplication',
      name: 'Qualify application',
      kind: 'userTask',
      incoming: ['Flow_ToQualify'],
      outgoing: ['Flow_ToQualified'],
      assignee: null,
      candidateRole: 'manager',
      dueIn: null,
    });
    expect(model.nodes.Gateway_Qualified).toMatchObject({
      outgoing: ['Flow_Qualified', 'Flow_NotQualified'],
      defaultFlowId: 'Flow_NotQualified',
    });
    // The leading `=` of the condition is dropped; the model holds plain FEEL.
    expect(model.flows.Flow_Qualified).toEqual({
      id: 'Flow_Qualified',
      name: 'yes',
      sourceId: 'Gateway_Qualified',
      targetId: 'Task_MarkPotential',
      condition: 'qualified = true',
    });
    expect(model.flows.Flow_NotQualified.condition).toBeNull();
    expect(model.nodes.Task_MarkPotential).toMatchObject({
      action: { type: 'setClientStatus', status: 'potential' },
    });
    expect(model.nodes.Task_MarkLost).toMatchObject({
      action: { type: 'setClientStatus', status: 'lost' },
    });
    expect(model.nodes.Timer_FollowUp).toMatchObject({
      duration: '=if followUpDelay = null then "P7D" else followUpDelay',
    });
    expect(model.nodes.Task_FollowUpCall).toMatchObject({
      action: {
        type: 'createCall',
        subject: 'Ask how things are going',
        dueIn: 'P1D',
        assignee: null,
      },
    });
  });

  it('compiles the five-step bench process', async () => {
    const { model } = await compileOk(fixture('bench-five-steps.bpmn'));
    expect(model.processId).toBe('bench-five-steps');
    const actions = Object.values(model.nodes).flatMap((node) =>
      node.kind === 'serviceTask' ? [node.action.type] : [],
    );
    expect(actions).toEqual([
      'createTask',
      'createCall',
      'setClientStatus',
      'createMeeting',
      'createTask',
    ]);
    expect(model.nodes.Task_Review).toMatchObject({ kind: 'userTask', outgoing: ['Flow_7'] });
    expect(model.flows.Flow_7.targetId).toBe('EndEvent_Done');
  });

  it('compiles a parallel fork and join', async () => {
    const { model } = await compileOk(
      definitions(
        process(`<bpmn:startEvent id="Start" />
<bpmn:parallelGateway id="Fork" />
<bpmn:userTask id="A" />
<bpmn:userTask id="B" />
<bpmn:parallelGateway id="Join" />
<bpmn:endEvent id="End" />
<bpmn:sequenceFlow id="F0" sourceRef="Start" targetRef="Fork" />
<bpmn:sequenceFlow id="F1" sourceRef="Fork" targetRef="A" />
<bpmn:sequenceFlow id="F2" sourceRef="Fork" targetRef="B" />
<bpmn:sequenceFlow id="F3" sourceRef="A" targetRef="Join" />
<bpmn:sequenceFlow id="F4" sourceRef="B" targetRef="Join" />
<bpmn:sequenceFlow id="F5" sourceRef="Join" targetRef="End" />`),
      ),
    );
    expect(model.nodes.Fork).toMatchObject({
      kind: 'parallelGateway',
      incoming: ['F0'],
      outgoing: ['F1', 'F2'],
    });
    expect(model.nodes.Join).toMatchObject({
      kind: 'parallelGateway',
      incoming: ['F3', 'F4'],
      outgoing: ['F5'],
    });
  });

  it('runs the first executable process of a collaboration', async () => {
    const { model } = await compileOk(
      definitions(`<bpmn:collaboration id="Collaboration">
  <bpmn:participant id="Customer" processRef="customer" />
  <bpmn:participant id="Company" processRef="company" />
</bpmn:collaboration>
<bpmn:process id="customer" isExecutable="false" />
<bpmn:process id="company" isExecutable="true">
  <bpmn:startEvent id="Start" />
  <bpmn:endEvent id="End" />
  <bpmn:sequenceFlow id="Flow" sourceRef="Start" targetRef="End" />
</bpmn:process>`),
    );
    expect(model.processId).toBe('company');
  });

  it('accepts FEEL values and warns about what it ignores', async () => {
    const xml = around(
      `<bpmn:serviceTask id="Task" bogus="1">
  <bpmn:extensionElements>
    <flowcard:action type="setClientStatus" status="=if vip then &quot;active&quot; else &quot;potential&quot;" subject="unused" />
  </bpmn:extensionElements>
</bpmn:serviceTask>`,
      'Task',
    );
    const { model, warnings } = await compileOk(xml);
    expect(model.nodes.Task).toMatchObject({
      action: { type: 'setClientStatus', status: '=if vip then "active" else "potential"' },
    });
    expect(warnings).toEqual([
      {
        elementId: 'Task',
        line: lineOf(xml, 'Task'),
        message: 'unknown attribute "bogus" is ignored',
      },
      {
        elementId: 'Task',
        line: lineOf(xml, 'Task'),
        message: 'setClientStatus does not use "subject"; it is ignored',
      },
    ]);
  });
});

describe('compileBpmn: deal and client-card actions', () => {
  it('compiles the deal fixture, keeping FEEL for the step and the deal id variable', async () => {
    const { model, warnings } = await compileOk(fixture('element-crm-deal-actions.bpmn'));
    expect(warnings).toEqual([]);
    const actions = Object.values(model.nodes).flatMap((node) =>
      node.kind === 'serviceTask' ? [node.action] : [],
    );
    expect(actions).toEqual([
      {
        type: 'createDeal',
        title: '="Fleet renewal for " + fleet',
        amount: '=amount',
        currency: 'EUR',
        pipeline: null,
        stage: null,
        client: null,
        owner: null,
        resultVariable: 'dealId',
      },
      { type: 'setDealStage', deal: '=dealId', stage: '=nextStageId' },
      {
        type: 'addNote',
        subject: 'Deal opened by the process',
        body: '="Amount " + string(amount)',
      },
      { type: 'assignClientOwner', owner: '=newOwner' },
    ]);
  });

  it('refuses missing required values, a bad variable name and bad FEEL, on their lines', async () => {
    const task = (id: string, action: string) =>
      `<bpmn:serviceTask id="${id}"><bpmn:extensionElements>${action}</bpmn:extensionElements></bpmn:serviceTask>`;
    const xml = definitions(
      process(
        [
          '<bpmn:startEvent id="Start" />',
          task(
            'Deal',
            '<flowcard:action type="createDeal" amount="=1 +" resultVariable="deal id" />',
          ),
          task('Stage', '<flowcard:action type="setDealStage" stage="=nextStage" />'),
          task('Note', '<flowcard:action type="addNote" body="Hi" />'),
          task('Owner', '<flowcard:action type="assignClientOwner" />'),
          '<bpmn:endEvent id="End" />',
          '<bpmn:sequenceFlow id="F1" sourceRef="Start" targetRef="Deal" />',
          '<bpmn:sequenceFlow id="F2" sourceRef="Deal" targetRef="Stage" />',
          '<bpmn:sequenceFlow id="F3" sourceRef="Stage" targetRef="Note" />',
          '<bpmn:sequenceFlow id="F4" sourceRef="Note" targetRef="Owner" />',
          '<bpmn:sequenceFlow id="F5" sourceRef="Owner" targetRef="End" />',
        ].join('\n'),
      ),
    );
    const errors = await compileErrors(xml);
    expect(errors.map(({ elementId, line }) => [elementId, line])).toEqual(
      errors.map(({ elementId }) => [elementId, lineOf(xml, elementId!)]),
    );
    expect(errors.map(({ elementId, message }) => [elementId, message])).toEqual([
      ['Deal', 'createDeal needs a title'],
      ['Deal', expect.stringMatching(/^amount: /)],
      ['Deal', 'resultVariable: "deal id" is not a variable name (letters, digits and _)'],
      ['Stage', 'setDealStage needs a deal'],
      ['Note', 'addNote needs a subject'],
      ['Owner', 'assignClientOwner needs an owner'],
    ]);
  });
});

describe('compileBpmn: CRM triggers on waits', () => {
  it('compiles waits met by CRM events, for the instance client unless a key is given', async () => {
    const { model } = await compileOk(fixture('element-crm-trigger-catch.bpmn'));
    expect(model.nodes.Catch_Active).toMatchObject({
      kind: 'messageCatch',
      messageName: 'client.status_changed',
      correlationKey: null,
      trigger: { event: 'client.status_changed', filter: 'to = "active"' },
    });
    expect(model.nodes.Receive_Call).toMatchObject({
      kind: 'receiveTask',
      correlationKey: null,
      trigger: { event: 'activity.completed', filter: 'kind = "call"' },
    });
    const keyed = around(
      `<bpmn:receiveTask id="Wait"><bpmn:extensionElements>
  <flowcard:subscription event="deal.stage_changed" correlationKey="=companyId" />
</bpmn:extensionElements></bpmn:receiveTask>`,
      'Wait',
    );
    expect((await compileOk(keyed)).model.nodes.Wait).toMatchObject({
      correlationKey: '=companyId',
      trigger: { event: 'deal.stage_changed', filter: null },
    });
  });

  it('refuses an unknown event type and a filter that is not FEEL, on their lines', async () => {
    const xml = around(
      `<bpmn:intermediateCatchEvent id="Wait"><bpmn:extensionElements>
  <flowcard:subscription event="client.deleted" />
</bpmn:extensionElements><bpmn:messageEventDefinition /></bpmn:intermediateCatchEvent>`,
      'Wait',
    );
    expect(await compileErrors(xml)).toEqual([
      {
        elementId: 'Wait',
        line: lineOf(xml, 'Wait'),
        message: expect.stringMatching(
          /^flowcard:subscription event must be one of client\.created, .*, not "client\.deleted"$/,
        ),
      },
    ]);
    const badFilter = around(
      `<bpmn:receiveTask id="Wait"><bpmn:extensionElements>
  <flowcard:subscription event="activity.completed" filter="=kind = " />
</bpmn:extensionElements></bpmn:receiveTask>`,
      'Wait',
    );
    expect((await compileErrors(badFilter)).map(({ message }) => message)).toEqual([
      expect.stringMatching(/^flowcard:subscription filter: /),
    ]);
  });
});

describe('compileBpmn: invalid fixtures', () => {
  it('rejects a complex gateway', async () => {
    const xml = fixture('invalid-complex-gateway.bpmn');
    expect(await compileErrors(xml)).toEqual([
      {
        elementId: 'Gateway_Complex',
        line: lineOf(xml, 'Gateway_Complex'),
        message: 'bpmn:ComplexGateway is not supported',
      },
    ]);
  });

  it('rejects an exclusive gateway whose flows have neither conditions nor a default', async () => {
    const errors = await compileErrors(fixture('invalid-gateway-without-conditions.bpmn'));
    expect(errors).toEqual([
      expect.objectContaining({
        elementId: 'Gateway_Decide',
        message: 'outgoing flows need a condition or to be the default flow: Flow_A, Flow_B',
      }),
    ]);
  });

  it('rejects an unknown action type', async () => {
    const errors = await compileErrors(fixture('invalid-unknown-action.bpmn'));
    expect(errors).toEqual([
      expect.objectContaining({
        elementId: 'Task_SendFax',
        message:
          'unknown action type "sendFax"; expected one of createCall, createTask, createMeeting, setClientStatus, createDeal, setDealStage, addNote, assignClientOwner',
      }),
    ]);
  });

  it('rejects missing actions, subjects and statuses and misspelt attributes', async () => {
    const errors = await compileErrors(fixture('invalid-action-settings.bpmn'));
    expect(errors.map(({ elementId, message }) => [elementId, message])).toEqual([
      ['Task_MisspeltAttribute', 'flowcard:action has no attribute "dueIN"'],
      ['Task_NoAction', 'a service task needs a flowcard:action saying what it does'],
      ['Task_CallWithoutSubject', 'createCall needs a subject'],
      ['Task_StatusWithoutStatus', 'setClientStatus needs a status'],
    ]);
  });

  it('rejects FEEL syntax errors in values and conditions', async () => {
    const xml = fixture('invalid-bad-feel.bpmn');
    const errors = await compileErrors(xml);
    expect(errors.map(({ elementId, message }) => [elementId, message])).toEqual([
      ['Task_Call', 'subject: FEEL syntax error: ""Call " +" is incomplete'],
      ['Task_Call', 'assignee: FEEL syntax error: "owner(" is incomplete'],
      [
        'Task_Review',
        'candidateRole: FEEL syntax error at character 4 of "1 +* 2": unexpected "*"',
      ],
      ['Flow_Large', 'condition: FEEL syntax error: "amount >" is incomplete'],
    ]);
    expect(errors[3].line).toBe(lineOf(xml, 'Flow_Large'));
  });

  it('rejects durations that are not ISO-8601 or use months', async () => {
    const errors = await compileErrors(fixture('invalid-bad-duration.bpmn'));
    expect(errors.map(({ elementId }) => elementId)).toEqual([
      'Timer_Week',
      'Timer_Month',
      'Task_Call',
    ]);
    expect(errors[0].message).toBe(
      'timeDuration: "7 days" is not an ISO-8601 duration such as "PT5S", "P7D" or "P1DT2H"',
    );
    expect(errors[1].message).toMatch(/^timeDuration: duration "P1M" uses years or months/);
    expect(errors[2].message).toMatch(/^dueIn: "tomorrow" is not an ISO-8601 duration/);
  });

  it('rejects dangling nodes and flows to unknown elements', async () => {
    const errors = await compileErrors(fixture('invalid-dangling-node.bpmn'));
    expect(errors.map(({ elementId, message }) => [elementId, message])).toEqual([
      ['Flow_ToNowhere', 'targetRef refers to unknown element "Task_Missing"'],
      ['Task_Forgotten', 'no sequence flow leads here'],
      ['Task_Forgotten', 'no sequence flow leaves here'],
      ['End_Unreached', 'no sequence flow leads here'],
    ]);
  });

  it('rejects unsupported elements, event definitions and conditions on parallel flows', async () => {
    const errors = await compileErrors(fixture('invalid-unsupported-elements.bpmn'));
    expect(errors.map(({ elementId, message }) => [elementId, message])).toEqual([
      [
        'Start_Message',
        'the message start event has no message name: refer to a named bpmn:message',
      ],
      ['SubProcess_Inner', 'bpmn:Transaction is not supported'],
      [
        'Boundary_Timeout',
        'bpmn:BoundaryEvent with bpmn:CompensateEventDefinition is not supported',
      ],
      [
        'Timer_Cycle',
        'a timer catch event waits once: timeCycle is not supported on it (use a non-interrupting boundary timer with a cycle, or a loop)',
      ],
      [
        'Flow_Guarded',
        'a flow leaving a parallel gateway cannot have a condition; only exclusive gateways and inclusive gateways choose between flows',
      ],
    ]);
  });

  it('reports malformed XML as one error with its position, without throwing', async () => {
    expect(await compileErrors(fixture('invalid-malformed.bpmn'))).toEqual([
      {
        elementId: null,
        line: 6,
        message: 'malformed XML at line 6, column 3 near </bpmn:process>: closing tag mismatch',
      },
    ]);
    expect(await compileErrors('hello')).toEqual([
      expect.objectContaining({
        elementId: null,
        line: 1,
        message: expect.stringMatching(/^malformed XML/),
      }),
    ]);
    expect(await compileErrors('<?xml version="1.0"?><note/>')).toEqual([
      expect.objectContaining({
        elementId: null,
        message: expect.stringMatching(/^not a BPMN 2.0 document/),
      }),
    ]);
  });
});

describe('compileBpmn: structural rules', () => {
  it('needs exactly one none start event', async () => {
    expect(await compileErrors(definitions(process('<bpmn:endEvent id="End" />')))).toEqual([
      expect.objectContaining({ elementId: 'End', message: 'no sequence flow leads here' }),
      expect.objectContaining({ elementId: 'p', message: 'the process has no start event' }),
    ]);
    const twoStarts = definitions(
      process(`<bpmn:startEvent id="S1" /><bpmn:startEvent id="S2" /><bpmn:endEvent id="End" />
<bpmn:sequenceFlow id="F1" sourceRef="S1" targetRef="End" />
<bpmn:sequenceFlow id="F2" sourceRef="S2" targetRef="End" />`),
    );
    expect(await compileErrors(twoStarts)).toEqual([
      expect.objectContaining({
        elementId: 'S2',
        message: 'only one start event is supported; the process already starts at "S1"',
      }),
    ]);
  });

  it('needs exactly one process', async () => {
    expect(await compileErrors(definitions(''))).toEqual([
      expect.objectContaining({ elementId: null, message: 'the document contains no process' }),
    ]);
    const two = definitions(
      `${process('<bpmn:startEvent id="S" /><bpmn:endEvent id="E" /><bpmn:sequenceFlow id="F" sourceRef="S" targetRef="E" />', 'one')}
<bpmn:process id="two" />`,
    );
    expect(await compileErrors(two)).toEqual([
      expect.objectContaining({
        elementId: 'two',
        message: 'the document contains 2 processes; only one is supported',
      }),
    ]);
  });

  it('rejects conditions outside exclusive gateways and conditioned default flows', async () => {
    const xml = definitions(
      process(`<bpmn:startEvent id="Start" />
<bpmn:exclusiveGateway id="Gateway" default="Flow_Default" />
<bpmn:endEvent id="End_A" /><bpmn:endEvent id="End_B" />
<bpmn:sequenceFlow id="Flow_In" sourceRef="Start" targetRef="Gateway">
  <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">ready</bpmn:conditionExpression>
</bpmn:sequenceFlow>
<bpmn:sequenceFlow id="Flow_A" sourceRef="Gateway" targetRef="End_A">
  <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">amount &gt; 10</bpmn:conditionExpression>
</bpmn:sequenceFlow>
<bpmn:sequenceFlow id="Flow_Default" sourceRef="Gateway" targetRef="End_B">
  <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">=true</bpmn:conditionExpression>
</bpmn:sequenceFlow>`),
    );
    expect(
      (await compileErrors(xml)).map(({ elementId, message }) => [elementId, message]),
    ).toEqual([
      [
        'Flow_In',
        'a flow leaving a start event cannot have a condition; only exclusive gateways and inclusive gateways choose between flows',
      ],
      ['Flow_Default', 'the default flow cannot have a condition'],
    ]);
  });

  it('rejects unknown BPMN elements with their line', async () => {
    const xml = around('<bpmn:fancyTask id="Fancy" />', 'Fancy');
    const errors = await compileErrors(xml);
    expect(errors[0]).toEqual({
      elementId: null,
      line: lineOf(xml, 'Fancy'),
      message: 'cannot read <bpmn:fancyTask>: unknown type <bpmn:FancyTask>',
    });
  });

  it('rejects flowcard extensions on the wrong element and duplicates', async () => {
    const xml = around(
      `<bpmn:userTask id="Task">
  <bpmn:extensionElements>
    <flowcard:action type="createCall" subject="Hi" />
    <flowcard:taskDefinition candidateRole="manager" />
    <flowcard:taskDefinition candidateRole="sales" />
  </bpmn:extensionElements>
</bpmn:userTask>`,
      'Task',
    );
    expect(
      (await compileErrors(xml)).map(({ elementId, message }) => [elementId, message]),
    ).toEqual([
      ['Task', 'flowcard:action is only allowed on bpmn:ServiceTask'],
      ['Task', 'more than one flowcard:taskDefinition'],
    ]);
  });

  it('rejects a timer without a duration or date and multi-instance tasks without a list', async () => {
    const timer = around(
      '<bpmn:intermediateCatchEvent id="Timer"><bpmn:timerEventDefinition /></bpmn:intermediateCatchEvent>',
      'Timer',
    );
    expect(await compileErrors(timer)).toEqual([
      expect.objectContaining({
        elementId: 'Timer',
        message: 'the timer has no timeDuration or timeDate',
      }),
    ]);
    const loop = around(
      `<bpmn:userTask id="Task"><bpmn:multiInstanceLoopCharacteristics /></bpmn:userTask>`,
      'Task',
    );
    expect(await compileErrors(loop)).toEqual([
      expect.objectContaining({
        elementId: 'Task',
        message: 'the multi-instance has no list: flowcard:loopCharacteristics inputCollection',
      }),
    ]);
  });
});
