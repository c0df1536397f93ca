/**
 * What the compiler accepts and refuses for timer and signal start events, message end and
 * boundary events and timer cycles: the fixtures they run in, and every refusal with its
 * element id and source line.
 */
import { compileErrors, compileFixture, fixtureXml, lineOf } from '../../test/compile';
import { compileBpmn } from '../compiler';

const messages = (errors: { elementId: string | null; message: string }[]) =>
  errors.map(({ elementId, message }) => [elementId, message]);

/** A process starting at `start` (its XML, id `X`) and going to its end. */
const startingWith = (start: string, rest = '') => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
    xmlns:flowcard="http://flowcard.dev/schema/bpmn" id="Definitions" targetNamespace="http://test">
<bpmn:signal id="Sig" name="s" />
<bpmn:message id="Msg" name="m" />
<bpmn:process id="p" isExecutable="true">
${start}
<bpmn:endEvent id="End" />
<bpmn:sequenceFlow id="Flow_Out" sourceRef="X" targetRef="End" />
${rest}
</bpmn:process>
</bpmn:definitions>`;

const timerStart = (definition: string) =>
  startingWith(
    `<bpmn:startEvent id="X"><bpmn:timerEventDefinition>${definition}</bpmn:timerEventDefinition></bpmn:startEvent>`,
  );

describe('timer start events', () => {
  it('compile a cycle (ISO-8601 or cron) or a date', async () => {
    expect((await compileFixture('element-timer-start.bpmn')).nodes.Start_Scheduled).toMatchObject({
      kind: 'timerStart',
      cycle: { repetitions: 2, intervalMs: 1000 },
    });
    expect((await compileFixture('element-timer-start.bpmn')).startNodeId).toBe('Start_Scheduled');
    const compiled = async (definition: string) => {
      const result = await compileBpmn(timerStart(definition));
      if (!result.ok) throw new Error(JSON.stringify(result.errors));
      return result.model.nodes.X;
    };
    expect(await compiled('<bpmn:timeCycle>R/P1D</bpmn:timeCycle>')).toMatchObject({
      cycle: { repetitions: null, intervalMs: 86_400_000 },
    });
    expect(await compiled('<bpmn:timeCycle>0 0 9 * * MON-FRI</bpmn:timeCycle>')).toMatchObject({
      cycle: { cron: '0 0 9 * * MON-FRI' },
    });
    expect(
      await compiled('<bpmn:timeDate>2030-01-31T09:00:00+01:00</bpmn:timeDate>'),
    ).toMatchObject({ kind: 'timerStart', date: '2030-01-31T08:00:00.000Z' });
  });

  it.each([
    [
      '<bpmn:timeDuration>PT1H</bpmn:timeDuration>',
      'a timer start event needs exactly one of timeDate and timeCycle',
    ],
    ['', 'a timer start event needs exactly one of timeDate and timeCycle'],
    [
      '<bpmn:timeCycle>=cycle</bpmn:timeCycle>',
      'a timer start event takes a literal date or cycle, not FEEL: no variables exist yet',
    ],
    ['<bpmn:timeCycle>R0/PT1H</bpmn:timeCycle>', 'timeCycle: "R0/PT1H" repeats 0 times'],
    [
      '<bpmn:timeCycle>R3/P1M</bpmn:timeCycle>',
      'timeCycle: duration "P1M" uses years or months, whose length varies; use days instead (e.g. "P30D")',
    ],
    [
      '<bpmn:timeCycle>every day</bpmn:timeCycle>',
      'timeCycle: "every day" is neither an ISO-8601 repeating interval such as "R3/PT1H" nor a cron expression of 5 or 6 fields',
    ],
    ['<bpmn:timeDate>tomorrow</bpmn:timeDate>', expect.stringMatching(/^timeDate: /)],
  ])('refuse %s', async (definition, message) => {
    const xml = timerStart(definition);
    const errors = await compileErrors(xml);
    expect(messages(errors)).toEqual([['X', message]]);
    expect(errors[0].line).toBe(lineOf(xml, 'X'));
  });
});

describe('signal start events', () => {
  it('compile to the process start, naming the signal', async () => {
    const model = await compileFixture('element-signal-start.bpmn');
    expect(model.startNodeId).toBe('Start_Published');
    expect(model.nodes.Start_Published).toMatchObject({
      kind: 'signalStart',
      signalName: 'price-list-published',
    });
  });

  it('refuse a signal without a name, and a signal or timer start inside a subprocess', async () => {
    const sub = `<bpmn:subProcess id="Sub">
  <bpmn:startEvent id="Inner_Signal"><bpmn:signalEventDefinition signalRef="Sig" /></bpmn:startEvent>
  <bpmn:startEvent id="Inner_Timer"><bpmn:timerEventDefinition><bpmn:timeCycle>R/PT1H</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:startEvent>
</bpmn:subProcess>`;
    const xml = startingWith(
      '<bpmn:startEvent id="X"><bpmn:signalEventDefinition /></bpmn:startEvent>',
      sub,
    );
    expect(messages(await compileErrors(xml))).toEqual([
      ['X', 'the signal has no name: refer to a named bpmn:signal (signalRef)'],
      ['Inner_Signal', 'a subprocess starts with a none start event, not a signal'],
      ['Inner_Timer', 'a subprocess starts with a none start event, not a timer'],
      ['Inner_Signal', 'no sequence flow leaves here'],
      ['Inner_Timer', 'no sequence flow leaves here'],
    ]);
  });
});

describe('message end and boundary events', () => {
  it('compile the boundary with its correlation; the end event with the message it publishes', async () => {
    const result = await compileBpmn(fixtureXml('element-message-boundary.bpmn'));
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.warnings).toEqual([]);
    const { nodes } = result.model;
    expect(nodes.End_Delivered).toMatchObject({
      kind: 'messageEndEvent',
      messageName: 'order-delivered',
      correlationKey: '=clientId',
    });
    expect(nodes.Boundary_Change).toEqual({
      id: 'Boundary_Change',
      name: 'Change requested',
      incoming: [],
      outgoing: ['Flow_ToChange'],
      kind: 'boundaryMessage',
      attachedToId: 'Task_Prepare',
      cancelActivity: false,
      messageName: 'order-change-requested',
      correlationKey: '=clientId',
    });
    expect(nodes.Boundary_Stop).toMatchObject({
      attachedToId: 'Sub_Delivery',
      cancelActivity: true,
    });
  });

  it('refuse a message boundary without a correlation key or on an activity that cannot hold one', async () => {
    const xml = startingWith(
      '<bpmn:startEvent id="X" />',
      `<bpmn:scriptTask id="Script"><bpmn:extensionElements><flowcard:script expression="=1" resultVariable="one" /></bpmn:extensionElements></bpmn:scriptTask>
<bpmn:userTask id="Wait" />
<bpmn:boundaryEvent id="On_Script" attachedToRef="Script">
  <bpmn:extensionElements><flowcard:subscription correlationKey="=clientId" /></bpmn:extensionElements>
  <bpmn:messageEventDefinition messageRef="Msg" />
</bpmn:boundaryEvent>
<bpmn:boundaryEvent id="Uncorrelated" attachedToRef="Wait"><bpmn:messageEventDefinition messageRef="Msg" /></bpmn:boundaryEvent>
<bpmn:sequenceFlow id="Flow_A" sourceRef="End" targetRef="Script" />`,
    );
    const errors = await compileErrors(
      xml.replace(
        '<bpmn:endEvent id="End" />',
        '<bpmn:endEvent id="End" /><bpmn:endEvent id="End2" />',
      ),
    );
    expect(messages(errors)).toEqual(
      expect.arrayContaining([
        [
          'On_Script',
          'message boundary events are supported on bpmn:UserTask, bpmn:ReceiveTask, bpmn:ServiceTask, bpmn:SubProcess, not on bpmn:ScriptTask',
        ],
        [
          'Uncorrelated',
          'the awaited message has no correlation key (flowcard:subscription correlationKey)',
        ],
      ]),
    );
  });
});

describe('boundary timer cycles', () => {
  it('compile an ISO-8601 repeating interval on a non-interrupting boundary timer', async () => {
    const model = await compileFixture('element-timer-cycle.bpmn');
    expect(model.nodes.Boundary_Remind).toMatchObject({
      kind: 'boundaryTimer',
      cancelActivity: false,
      cycle: { repetitions: 3, intervalMs: 1000 },
    });
  });
});
