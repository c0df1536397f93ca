/**
 * What the compiler accepts and refuses for the element kinds beyond the first seven:
 * the fixtures they run in, and every refusal with its element id and source line.
 */
import type { ExecutableModel } from '../../engine/model';
import { compileErrors, fixtureXml as fixture, lineOf } from '../../test/compile';
import { type CompileIssue, compileBpmn } from '../compiler';

async function compileOk(xml: string, warnings: CompileIssue[] = []): Promise<ExecutableModel> {
  const result = await compileBpmn(xml);
  if (!result.ok) throw new Error(`expected it to compile: ${JSON.stringify(result.errors)}`);
  expect(result.warnings).toEqual(warnings);
  return result.model;
}

/** start → <middle> → end, with the flows already drawn. */
const around = (middle: string, middleId = 'X') => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
    xmlns:flowcard="http://flowcard.dev/schema/bpmn" id="Definitions" targetNamespace="http://test">
<bpmn:process id="p" isExecutable="true">
<bpmn:startEvent id="Start" />
${middle}
<bpmn:endEvent id="End" />
<bpmn:sequenceFlow id="Flow_In" sourceRef="Start" targetRef="${middleId}" />
<bpmn:sequenceFlow id="Flow_Out" sourceRef="${middleId}" targetRef="End" />
</bpmn:process>
</bpmn:definitions>`;

const messages = (errors: CompileIssue[]) =>
  errors.map(({ elementId, message }) => [elementId, message]);

describe('plain and manual tasks', () => {
  it('compile to pass-through nodes', async () => {
    const model = await compileOk(fixture('element-tasks.bpmn'));
    expect(model.nodes.Task_Prepare).toMatchObject({ kind: 'task', name: 'Prepare offer' });
    expect(model.nodes.Task_Phone).toMatchObject({ kind: 'manualTask', name: 'Phone the client' });
  });
});

describe('script tasks', () => {
  it('compile from flowcard:script and from a standard FEEL bpmn:script', async () => {
    const model = await compileOk(fixture('element-script-task.bpmn'));
    expect(model.nodes.Script_Total).toMatchObject({
      kind: 'scriptTask',
      expression: '=price * quantity',
      resultVariable: 'total',
    });
    expect(model.nodes.Script_Size).toMatchObject({
      kind: 'scriptTask',
      expression: '=if total >= 1000 then "large" else "small"',
      resultVariable: 'size',
    });
  });

  it('refuse invalid FEEL, another language and a missing result variable, with ids and lines', async () => {
    const xml = fixture('invalid-script-feel.bpmn');
    const errors = await compileErrors(xml);
    expect(errors).toEqual([
      {
        elementId: 'Script_Broken',
        line: lineOf(xml, 'Script_Broken'),
        message: 'script: FEEL syntax error: "price * (quantity" is incomplete',
      },
      {
        elementId: 'Script_Groovy',
        line: lineOf(xml, 'Script_Groovy'),
        message: 'script format "groovy" is not supported; write the script in FEEL',
      },
      {
        elementId: 'Script_NoResult',
        line: lineOf(xml, 'Script_NoResult'),
        message: 'the script task has no resultVariable to store its value in',
      },
    ]);
  });

  it.each([
    [
      '<bpmn:scriptTask id="X" />',
      'a script task needs a FEEL script: a flowcard:script, or scriptFormat="feel" with a bpmn:script',
    ],
    [
      '<bpmn:scriptTask id="X" scriptFormat="feel" flowcard:resultVariable="x"><bpmn:extensionElements><flowcard:script expression="=1" resultVariable="y" /></bpmn:extensionElements><bpmn:script>2</bpmn:script></bpmn:scriptTask>',
      'the script task has both a flowcard:script and a bpmn:script; keep one',
    ],
    [
      '<bpmn:scriptTask id="X"><bpmn:extensionElements><flowcard:script resultVariable="y" /></bpmn:extensionElements></bpmn:scriptTask>',
      'the flowcard:script has no expression',
    ],
    [
      '<bpmn:scriptTask id="X"><bpmn:extensionElements><flowcard:script expression="=1" resultVariable="total price" /></bpmn:extensionElements></bpmn:scriptTask>',
      'resultVariable "total price" is not a variable name (letters, digits and _, not starting with a digit)',
    ],
    [
      '<bpmn:scriptTask id="X" scriptFormat="feel" flowcard:resultVariable="x" />',
      'the script task has no script',
    ],
  ])('refuse %s', async (xml, message) => {
    expect(messages(await compileErrors(around(xml)))).toEqual([['X', message]]);
  });
});

describe('terminate end events', () => {
  it('compile beside none end events', async () => {
    const model = await compileOk(fixture('element-terminate-end.bpmn'));
    expect(model.nodes.End_Withdrawn.kind).toBe('terminateEndEvent');
    expect(model.nodes.End_Reviewed.kind).toBe('endEvent');
  });
});

describe('timers until a date', () => {
  it('compile a FEEL date and a literal date', async () => {
    const model = await compileOk(fixture('element-timer-date.bpmn'));
    expect(model.nodes.Timer_CallBackAt).toMatchObject({
      kind: 'timerCatch',
      date: '=date and time(callBackAt)',
    });
    expect(model.nodes.Timer_Past).toMatchObject({
      kind: 'timerCatch',
      date: '2020-01-01T09:00:00+01:00',
    });
    expect(model.nodes.Timer_Past).not.toHaveProperty('duration');
  });

  const timer = (definition: string) =>
    around(
      `<bpmn:intermediateCatchEvent id="X"><bpmn:timerEventDefinition>${definition}</bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>`,
    );
  it.each([
    [
      '<bpmn:timeDate>tomorrow</bpmn:timeDate>',
      'timeDate: "tomorrow" is not an ISO-8601 date and time with an offset, such as "2030-01-31T09:00:00Z" or "2030-01-31T09:00:00+01:00"',
    ],
    [
      '<bpmn:timeDate>2030-01-31T09:00:00</bpmn:timeDate>',
      'timeDate: "2030-01-31T09:00:00" is not an ISO-8601 date and time with an offset, such as "2030-01-31T09:00:00Z" or "2030-01-31T09:00:00+01:00"',
    ],
    [
      '<bpmn:timeDate>2030-02-30T09:00:00Z</bpmn:timeDate>',
      'timeDate: "2030-02-30T09:00:00Z" is not a valid date and time',
    ],
    [
      '<bpmn:timeDate>=date and time(</bpmn:timeDate>',
      expect.stringMatching(/^timeDate: FEEL syntax error/),
    ],
    [
      '<bpmn:timeDuration>PT1H</bpmn:timeDuration><bpmn:timeDate>2030-01-31T09:00:00Z</bpmn:timeDate>',
      'the timer has both a timeDuration and a timeDate; give one',
    ],
    [
      '<bpmn:timeCycle>R3/PT1H</bpmn:timeCycle>',
      'a timer catch event waits once: timeCycle is not supported on it (use a non-interrupting boundary timer with a cycle, or a loop)',
    ],
  ])('refuse %s', async (definition, message) => {
    expect(messages(await compileErrors(timer(definition)))).toEqual([['X', message]]);
  });
});

describe('link events', () => {
  it('resolve each throw to the catch event of the same name', async () => {
    const model = await compileOk(fixture('element-link-events.bpmn'));
    expect(model.nodes.Link_FromUrgent).toMatchObject({
      kind: 'linkThrow',
      linkName: 'follow-up',
      targetId: 'Link_FollowUp',
      outgoing: [],
    });
    expect(model.nodes.Link_FromRegular).toMatchObject({ targetId: 'Link_FollowUp' });
    expect(model.nodes.Link_FollowUp).toMatchObject({ kind: 'linkCatch', incoming: [] });
  });

  it('refuse a throw without a matching catch, catches sharing a name and unnamed links', async () => {
    const xml = fixture('invalid-link-events.bpmn');
    const errors = await compileErrors(xml);
    expect(errors).toEqual([
      {
        elementId: 'Link_Nowhere',
        line: lineOf(xml, 'Link_Nowhere'),
        message: 'no link catch event in this process is named "page 2"',
      },
      ...['Link_Twice_A', 'Link_Twice_B'].map((id) => ({
        elementId: id,
        line: lineOf(xml, id),
        message:
          'link catch events Link_Twice_A, Link_Twice_B share the name "again"; a link name must lead to one catch event',
      })),
      {
        elementId: 'Link_Unnamed',
        line: lineOf(xml, 'Link_Unnamed'),
        message: 'the link event has no name',
      },
    ]);
  });

  it('refuse sequence flows out of a throw and into a catch', async () => {
    const xml = around(
      `<bpmn:intermediateThrowEvent id="X"><bpmn:linkEventDefinition name="L" /></bpmn:intermediateThrowEvent>
<bpmn:intermediateCatchEvent id="C"><bpmn:linkEventDefinition name="L" /></bpmn:intermediateCatchEvent>
<bpmn:sequenceFlow id="Flow_Back" sourceRef="Start" targetRef="C" />
<bpmn:sequenceFlow id="Flow_On" sourceRef="C" targetRef="End" />`,
    );
    expect(messages(await compileErrors(xml))).toEqual([
      ['X', 'a link throw event cannot have outgoing sequence flows'],
      ['C', 'a link catch event cannot have incoming sequence flows'],
    ]);
  });
});

describe('inclusive gateways', () => {
  it('compile with their default flow', async () => {
    const model = await compileOk(fixture('element-inclusive-gateway.bpmn'));
    expect(model.nodes.Split).toMatchObject({
      kind: 'inclusiveGateway',
      defaultFlowId: 'Flow_ToInfo',
      outgoing: ['Flow_ToLoan', 'Flow_ToCard', 'Flow_ToInsurance', 'Flow_ToInfo'],
    });
    expect(model.nodes.Join).toMatchObject({ kind: 'inclusiveGateway', defaultFlowId: null });
    expect(model.nodes.Join.incoming).toHaveLength(4);
  });

  it('refuse outgoing flows without a condition that are not the default', async () => {
    const xml = around(
      `<bpmn:inclusiveGateway id="X" />
<bpmn:endEvent id="Other" />
<bpmn:sequenceFlow id="Flow_Other" sourceRef="X" targetRef="Other" />`,
    );
    expect(messages(await compileErrors(xml))).toEqual([
      ['X', 'outgoing flows need a condition or to be the default flow: Flow_Other, Flow_Out'],
    ]);
  });
});

describe('none throw events, send tasks and message throw events', () => {
  it('compile as steps on the path; the message senders with their message and key', async () => {
    const model = await compileOk(fixture('element-send-task.bpmn'));
    expect(model.nodes.Milestone_Approved).toMatchObject({ kind: 'noneThrow' });
    expect(model.nodes.Task_SendOffer).toMatchObject({
      kind: 'sendTask',
      messageName: 'offer',
      correlationKey: '=clientId',
    });
    expect(model.nodes.Message_NotifyPartner).toMatchObject({
      kind: 'messageThrow',
      messageName: 'partner-notified',
      correlationKey: 'partners',
    });
  });

  it('refuse a message sender without a message, a key, or with bad FEEL in its key', async () => {
    const xml = fixture('element-send-task.bpmn')
      .replace('correlationKey="=clientId"', 'correlationKey="=clientId +"')
      .replace('<flowcard:subscription correlationKey="partners" />', '')
      .replace(' messageRef="Message_Offer"', '')
      .replace('name="offer"', 'name="unused"');
    const errors = await compileErrors(xml);
    expect(messages(errors)).toEqual([
      [
        'Task_SendOffer',
        'the published message has no name: refer to a named bpmn:message (messageRef)',
      ],
      ['Task_SendOffer', expect.stringContaining('correlationKey')],
      [
        'Message_NotifyPartner',
        'the published message has no correlation key (flowcard:subscription correlationKey)',
      ],
    ]);
    expect(errors[0].line).toBe(lineOf(xml, 'Task_SendOffer'));
  });
});

describe('boundary timer events', () => {
  it('compile interrupting (the default) and non-interrupting timers on their activity', async () => {
    const model = await compileOk(fixture('element-boundary-timer.bpmn'));
    expect(model.nodes.Boundary_Overdue).toEqual({
      id: 'Boundary_Overdue',
      name: 'Overdue',
      incoming: [],
      outgoing: ['Flow_ToEscalate'],
      kind: 'boundaryTimer',
      attachedToId: 'Task_Review',
      cancelActivity: true,
      duration: '=overdueIn',
    });
    expect(model.nodes.Boundary_Reminder).toMatchObject({
      kind: 'boundaryTimer',
      attachedToId: 'Task_Review',
      cancelActivity: false,
    });
  });

  it('refuse a timer on an activity that cannot hold one, a cron cycle and incoming flows', async () => {
    const xml = around(`
<bpmn:scriptTask id="X"><bpmn:extensionElements>
  <flowcard:script expression="=1" resultVariable="one" /></bpmn:extensionElements></bpmn:scriptTask>
<bpmn:userTask id="Wait" />
<bpmn:boundaryEvent id="On_Script" attachedToRef="X">
  <bpmn:timerEventDefinition><bpmn:timeDuration>PT1M</bpmn:timeDuration></bpmn:timerEventDefinition>
</bpmn:boundaryEvent>
<bpmn:boundaryEvent id="Cycle" attachedToRef="Wait">
  <bpmn:timerEventDefinition><bpmn:timeCycle>0 0 9 * * MON</bpmn:timeCycle></bpmn:timerEventDefinition>
</bpmn:boundaryEvent>
<bpmn:boundaryEvent id="Entered" attachedToRef="Wait">
  <bpmn:timerEventDefinition><bpmn:timeDuration>PT1M</bpmn:timeDuration></bpmn:timerEventDefinition>
</bpmn:boundaryEvent>
<bpmn:sequenceFlow id="Flow_ToWait" sourceRef="Start" targetRef="Wait" />
<bpmn:sequenceFlow id="Flow_FromWait" sourceRef="Wait" targetRef="End" />
<bpmn:sequenceFlow id="Flow_OnScript" sourceRef="On_Script" targetRef="End" />
<bpmn:sequenceFlow id="Flow_Cycle" sourceRef="Cycle" targetRef="End" />
<bpmn:sequenceFlow id="Flow_IntoBoundary" sourceRef="Start" targetRef="Entered" />
<bpmn:sequenceFlow id="Flow_Entered" sourceRef="Entered" targetRef="End" />`);
    const errors = await compileErrors(xml);
    expect(messages(errors)).toEqual([
      [
        'On_Script',
        'boundary timers are supported on bpmn:UserTask, bpmn:ReceiveTask, bpmn:ServiceTask, bpmn:SubProcess, bpmn:CallActivity, not on bpmn:ScriptTask',
      ],
      [
        'Cycle',
        'timeCycle: "0 0 9 * * MON" is not an ISO-8601 repeating interval such as "R3/PT1H" (a cron cycle is supported on timer start events only)',
      ],
      ['Entered', 'a timer boundary event cannot have incoming sequence flows'],
    ]);
    expect(errors[0].line).toBe(lineOf(xml, 'On_Script'));
  });
});

describe('embedded subprocesses', () => {
  it('compile their inside into the model, each node listed by its subprocess', async () => {
    const model = await compileOk(fixture('element-subprocess.bpmn'));
    expect(model.startNodeId).toBe('Start');
    expect(model.nodes.Sub_Onboarding).toMatchObject({
      kind: 'subProcess',
      startNodeId: 'Inner_Start',
      nodeIds: [
        'Inner_Start',
        'Inner_Fork',
        'Task_WelcomeCall',
        'Inner_End_Welcomed',
        'Task_Documents',
        'Inner_End_Documented',
      ],
      incoming: ['Flow_ToOnboarding'],
      outgoing: ['Flow_ToActivate'],
    });
    expect(model.nodes.Task_Documents).toMatchObject({ kind: 'userTask' });
    expect(model.flows.Inner_Flow_ToFork).toMatchObject({ sourceId: 'Inner_Start' });
  });

  const subProcess = (inside: string, attributes = '') =>
    around(`<bpmn:subProcess id="X"${attributes}>${inside}</bpmn:subProcess>`);

  it('refuse a subprocess without a start event, or with two', async () => {
    expect(messages(await compileErrors(subProcess('<bpmn:endEvent id="Inner_End" />')))).toEqual([
      ['X', 'the subprocess has no start event'],
      ['Inner_End', 'no sequence flow leads here'],
    ]);
    const twoStarts = subProcess(`
<bpmn:startEvent id="S1" /><bpmn:startEvent id="S2" /><bpmn:endEvent id="E" />
<bpmn:sequenceFlow id="F1" sourceRef="S1" targetRef="E" />
<bpmn:sequenceFlow id="F2" sourceRef="S2" targetRef="E" />`);
    expect(messages(await compileErrors(twoStarts))).toEqual([
      ['S2', 'only one start event is supported; the subprocess already starts at "S1"'],
    ]);
  });

  it('refuse flows across its border, a terminate end inside it, and are no event subprocesses', async () => {
    const crossing = subProcess(`
<bpmn:startEvent id="S" /><bpmn:endEvent id="E"><bpmn:terminateEventDefinition /></bpmn:endEvent>
<bpmn:sequenceFlow id="F1" sourceRef="S" targetRef="E" />
<bpmn:sequenceFlow id="F_Out" sourceRef="S" targetRef="End" />`);
    expect(messages(await compileErrors(crossing))).toEqual([
      ['E', 'a terminate end event inside a subprocess is not supported'],
      ['F_Out', 'targetRef "End" is not a flow node of this process'],
    ]);
    const triggered = subProcess(
      '<bpmn:startEvent id="S" /><bpmn:endEvent id="E" /><bpmn:sequenceFlow id="F" sourceRef="S" targetRef="E" />',
      ' triggeredByEvent="true"',
    );
    // The event subprocess rule compiles it (event-sub-process.spec.ts): it needs a trigger.
    expect(messages(await compileErrors(triggered))).toEqual([
      ['S', expect.stringMatching(/^the start event of an event subprocess carries one of/)],
    ]);
  });
});

describe('error and escalation events', () => {
  it('compile throws with their code and boundary events with theirs, or none to catch all', async () => {
    const errors = await compileOk(fixture('element-error-events.bpmn'));
    expect(errors.nodes.End_Declined).toMatchObject({
      kind: 'errorEndEvent',
      errorCode: 'PAYMENT_DECLINED',
    });
    expect(errors.nodes.Boundary_Declined).toMatchObject({
      kind: 'boundaryError',
      attachedToId: 'Sub_Payment',
      cancelActivity: true,
      errorCode: 'PAYMENT_DECLINED',
    });
    const escalations = await compileOk(fixture('element-escalation-events.bpmn'));
    expect(escalations.nodes.Throw_BigOrder).toMatchObject({
      kind: 'escalationThrow',
      escalationCode: 'BIG_ORDER',
    });
    expect(escalations.nodes.Boundary_BigOrder).toMatchObject({
      kind: 'boundaryEscalation',
      cancelActivity: false,
      escalationCode: 'BIG_ORDER',
    });
    expect(escalations.nodes.Boundary_NoStock).toMatchObject({ cancelActivity: true });
  });

  it('refuse throws without a code, boundary events off a subprocess and a non-interrupting error', async () => {
    const xml = around(`
<bpmn:intermediateThrowEvent id="X"><bpmn:escalationEventDefinition /></bpmn:intermediateThrowEvent>
<bpmn:userTask id="Wait" />
<bpmn:endEvent id="Fail"><bpmn:errorEventDefinition /></bpmn:endEvent>
<bpmn:boundaryEvent id="On_Task" attachedToRef="Wait"><bpmn:errorEventDefinition /></bpmn:boundaryEvent>
<bpmn:boundaryEvent id="Gentle" attachedToRef="Sub" cancelActivity="false"><bpmn:errorEventDefinition /></bpmn:boundaryEvent>
<bpmn:subProcess id="Sub">
  <bpmn:startEvent id="S" /><bpmn:endEvent id="E" /><bpmn:sequenceFlow id="F" sourceRef="S" targetRef="E" />
</bpmn:subProcess>
<bpmn:sequenceFlow id="Flow_ToWait" sourceRef="Start" targetRef="Wait" />
<bpmn:sequenceFlow id="Flow_ToFail" sourceRef="Wait" targetRef="Fail" />
<bpmn:sequenceFlow id="Flow_ToSub" sourceRef="Start" targetRef="Sub" />
<bpmn:sequenceFlow id="Flow_FromSub" sourceRef="Sub" targetRef="End" />
<bpmn:sequenceFlow id="Flow_OnTask" sourceRef="On_Task" targetRef="End" />
<bpmn:sequenceFlow id="Flow_Gentle" sourceRef="Gentle" targetRef="End" />`);
    expect(messages(await compileErrors(xml))).toEqual([
      [
        'X',
        'the escalation has no code: refer to a bpmn:escalation with an escalationCode (escalationRef)',
      ],
      ['Fail', 'the error has no code: refer to a bpmn:error with an errorCode (errorRef)'],
      [
        'On_Task',
        'error boundary events are supported on bpmn:SubProcess, bpmn:CallActivity, not on bpmn:UserTask',
      ],
      ['Gentle', 'an error boundary event always interrupts (cancelActivity="false")'],
    ]);
  });
});

describe('message catch events and receive tasks', () => {
  it('compile with their message name and correlation key', async () => {
    const model = await compileOk(fixture('element-message-events.bpmn'));
    expect(model.nodes.Catch_CalledBack).toMatchObject({
      kind: 'messageCatch',
      messageName: 'client-called-back',
      correlationKey: '=clientId',
    });
    expect(model.nodes.Receive_Documents).toMatchObject({
      kind: 'receiveTask',
      messageName: 'documents-received',
      correlationKey: '=clientId',
    });
    expect(model.nodes.Boundary_DocumentsLate).toMatchObject({ attachedToId: 'Receive_Documents' });
  });

  it('refuse a message without a name, no correlation key and invalid FEEL in one', async () => {
    const xml = around(`
<bpmn:receiveTask id="X" />
<bpmn:intermediateCatchEvent id="Keyless"><bpmn:messageEventDefinition messageRef="Named" /></bpmn:intermediateCatchEvent>
<bpmn:intermediateCatchEvent id="BadKey">
  <bpmn:extensionElements><flowcard:subscription correlationKey="=client(" /></bpmn:extensionElements>
  <bpmn:messageEventDefinition messageRef="Named" />
</bpmn:intermediateCatchEvent>
<bpmn:sequenceFlow id="Flow_ToKeyless" sourceRef="Start" targetRef="Keyless" />
<bpmn:sequenceFlow id="Flow_FromKeyless" sourceRef="Keyless" targetRef="End" />
<bpmn:sequenceFlow id="Flow_ToBadKey" sourceRef="Start" targetRef="BadKey" />
<bpmn:sequenceFlow id="Flow_FromBadKey" sourceRef="BadKey" targetRef="End" />`).replace(
      '<bpmn:process',
      '<bpmn:message id="Named" name="named" /><bpmn:process',
    );
    const errors = await compileErrors(xml);
    const keyless =
      'the awaited message has no correlation key (flowcard:subscription correlationKey)';
    expect(messages(errors)).toEqual([
      ['X', 'the awaited message has no name: refer to a named bpmn:message (messageRef)'],
      ['X', keyless],
      ['Keyless', keyless],
      ['BadKey', 'correlationKey: FEEL syntax error: "client(" is incomplete'],
    ]);
  });
});

describe('event-based gateways', () => {
  it('compile with their catch events', async () => {
    const model = await compileOk(fixture('element-event-based-gateway.bpmn'));
    expect(model.nodes.Gateway_ReplyOrTimeout).toMatchObject({
      kind: 'eventBasedGateway',
      outgoing: ['Flow_ToReplied', 'Flow_ToNoReply'],
    });
  });

  it('refuse one flow, a flow to anything but a catch event and a catch event with other flows in', async () => {
    const timer = (id: string) =>
      `<bpmn:intermediateCatchEvent id="${id}"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1M</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>`;
    const lonely = around('<bpmn:eventBasedGateway id="X" />');
    expect(messages(await compileErrors(lonely))).toEqual([
      ['X', 'an event-based gateway needs at least two outgoing flows'],
      [
        'Flow_Out',
        'a flow leaving an event-based gateway must lead to a timer or message catch event',
      ],
    ]);
    const shared = around(`
<bpmn:eventBasedGateway id="G" />${timer('T1')}${timer('X')}
<bpmn:sequenceFlow id="Flow_ToG" sourceRef="Start" targetRef="G" />
<bpmn:sequenceFlow id="Flow_ToT1" sourceRef="G" targetRef="T1" />
<bpmn:sequenceFlow id="Flow_ToX" sourceRef="G" targetRef="X" />
<bpmn:sequenceFlow id="Flow_FromT1" sourceRef="T1" targetRef="End" />`);
    expect(messages(await compileErrors(shared))).toEqual([
      ['X', 'a catch event after an event-based gateway cannot have other incoming flows'],
    ]);
  });
});

describe('signal events', () => {
  it('compile with the name of their signal; boundary events interrupting or not', async () => {
    const model = await compileOk(fixture('element-signal-events.bpmn'));
    expect(model.nodes.Catch_Approved).toMatchObject({
      kind: 'signalCatch',
      signalName: 'offers-approved',
    });
    expect(model.nodes.Throw_Sent).toMatchObject({ kind: 'signalThrow', signalName: 'offer-sent' });
    expect(model.nodes.Boundary_PriceList).toMatchObject({
      kind: 'boundarySignal',
      attachedToId: 'Task_Review',
      cancelActivity: false,
      signalName: 'price-list-changed',
    });
    expect(model.nodes.Boundary_Withdrawn).toMatchObject({ cancelActivity: true });
    const thrower = await compileOk(fixture('element-signal-throw.bpmn'));
    expect(thrower.nodes.End_Approved).toMatchObject({
      kind: 'signalEndEvent',
      signalName: 'offers-approved',
    });
    expect(thrower.nodes.Boundary_Cancelled).toMatchObject({ attachedToId: 'Sub_Campaign' });
  });

  it('refuse a signal without a name and a boundary signal on a service task', async () => {
    const xml = around(
      '<bpmn:signal id="Sig_Unnamed" />' +
        '<bpmn:intermediateCatchEvent id="X"><bpmn:signalEventDefinition signalRef="Sig_Unnamed" /></bpmn:intermediateCatchEvent>\n' +
        '<bpmn:intermediateThrowEvent id="Throw"><bpmn:signalEventDefinition /></bpmn:intermediateThrowEvent>\n' +
        '<bpmn:serviceTask id="Call"><bpmn:extensionElements><flowcard:action type="setClientStatus" status="active" /></bpmn:extensionElements></bpmn:serviceTask>\n' +
        '<bpmn:boundaryEvent id="OnCall" attachedToRef="Call"><bpmn:signalEventDefinition /></bpmn:boundaryEvent>',
    );
    const errors = await compileErrors(xml);
    expect(messages(errors)).toEqual(
      expect.arrayContaining([
        ['X', 'the signal has no name: refer to a named bpmn:signal (signalRef)'],
        ['Throw', 'the signal has no name: refer to a named bpmn:signal (signalRef)'],
        [
          'OnCall',
          'signal boundary events are supported on bpmn:UserTask, bpmn:ReceiveTask, bpmn:SubProcess, not on bpmn:ServiceTask',
        ],
      ]),
    );
    expect(errors.find((error) => error.elementId === 'X')?.line).toBe(lineOf(xml, 'X'));
  });
});

describe('standard loops', () => {
  it('compile with their FEEL condition and maximum onto the activity', async () => {
    const model = await compileOk(fixture('element-standard-loop.bpmn'));
    expect(model.nodes.Task_Call).toMatchObject({
      kind: 'userTask',
      loop: { condition: 'not(reached)', maximum: 3 },
    });
    expect(model.nodes.Script_Draft.loop).toEqual({ condition: 'quality < target', maximum: null });
    expect(model.nodes.Task_Offer).not.toHaveProperty('loop');
  });

  it('refuse no condition, invalid FEEL, testBefore, a bad maximum and multi-instance without a list', async () => {
    const loop = (id: string, type: string, characteristics: string) =>
      `<bpmn:${type} id="${id}">${characteristics}</bpmn:${type}>\n`;
    const standard = (attributes: string, condition: string | null) =>
      `<bpmn:standardLoopCharacteristics${attributes}>${
        condition === null ? '' : `<bpmn:loopCondition>${condition}</bpmn:loopCondition>`
      }</bpmn:standardLoopCharacteristics>`;
    const xml = around(
      loop('X', 'task', standard('', null)) +
        loop('BadFeel', 'task', standard('', '=count &lt;')) +
        loop('Before', 'task', standard(' testBefore="true"', '=true')) +
        loop('Max', 'task', standard(' loopMaximum="0"', '=true')) +
        loop('Multi', 'task', '<bpmn:multiInstanceLoopCharacteristics />'),
    );
    const errors = await compileErrors(xml);
    expect(messages(errors)).toEqual(
      expect.arrayContaining([
        ['X', 'the standard loop has no loop condition (bpmn:loopCondition)'],
        ['Before', 'a standard loop tested before each run (testBefore) is not supported'],
        ['Max', 'the loop maximum must be a positive whole number, not "0"'],
        ['Multi', 'the multi-instance has no list: flowcard:loopCharacteristics inputCollection'],
      ]),
    );
    expect(errors.find((error) => error.elementId === 'BadFeel')?.message).toMatch(
      /^loop condition: /,
    );
    expect(errors.find((error) => error.elementId === 'X')?.line).toBe(lineOf(xml, 'X'));
  });
});

describe('business rule tasks', () => {
  it('compile from flowcard:script, like a script task', async () => {
    const model = await compileOk(fixture('element-business-rule-task.bpmn'));
    expect(model.nodes.Rule_Discount).toMatchObject({
      kind: 'businessRuleTask',
      expression: '=if amount >= 1000 then 10 else 0',
      resultVariable: 'discount',
    });
  });

  it('refuse a missing expression, invalid FEEL and a bad result variable', async () => {
    const rule = (id: string, script: string) =>
      `<bpmn:businessRuleTask id="${id}"><bpmn:extensionElements>${script}</bpmn:extensionElements></bpmn:businessRuleTask>\n`;
    const xml = around(
      '<bpmn:businessRuleTask id="X" />\n' +
        rule('BadFeel', '<flowcard:script expression="=1 +" resultVariable="r" />') +
        rule('BadName', '<flowcard:script expression="=1" resultVariable="2r" />'),
    );
    const errors = messages(await compileErrors(xml));
    expect(errors).toEqual(
      expect.arrayContaining([
        ['X', 'a business rule task needs a flowcard:script with a FEEL expression'],
        [
          'BadName',
          'the business rule task needs a resultVariable (letters, digits and _, not starting with a digit)',
        ],
      ]),
    );
    expect(errors.find(([id]) => id === 'BadFeel')?.[1]).toMatch(/^decision: /);
  });
});
