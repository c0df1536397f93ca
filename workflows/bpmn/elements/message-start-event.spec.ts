import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileBpmn } from '../compiler';

const fixture = (name: string) => readFileSync(join(__dirname, '../fixtures', name), 'utf8');

/** A process starting at a message start event with `inside` as its content, then ending. */
const startingWith = (
  inside: string,
  messageName = 'lead-received',
) => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
    xmlns:flowcard="http://flowcard.dev/schema/bpmn" id="Definitions" targetNamespace="http://test">
<bpmn:message id="Message_1" name="${messageName}" />
<bpmn:process id="p" isExecutable="true">
<bpmn:startEvent id="Start">${inside}<bpmn:messageEventDefinition messageRef="Message_1" /></bpmn:startEvent>
<bpmn:endEvent id="End" />
<bpmn:sequenceFlow id="Flow" sourceRef="Start" targetRef="End" />
</bpmn:process>
</bpmn:definitions>`;

const trigger = (attributes: string) =>
  `<bpmn:extensionElements><flowcard:trigger ${attributes} /></bpmn:extensionElements>`;

async function errorsOf(xml: string) {
  const result = await compileBpmn(xml);
  if (result.ok) throw new Error('expected the diagram to be rejected');
  return result.errors.map(({ elementId, message }) => [elementId, message]);
}

describe('message start events', () => {
  it('compile with their message name and CRM trigger', async () => {
    const result = await compileBpmn(fixture('triggered-application-handling.bpmn'));
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.model.startNodeId).toBe('Start_ClientCreated');
    expect(result.model.nodes.Start_ClientCreated).toMatchObject({
      kind: 'messageStart',
      messageName: 'lead-received',
      trigger: { event: 'client.created', filter: 'starts with(name, "Triggered lead")' },
    });
  });

  it('compile without a trigger, started by messages alone', async () => {
    const result = await compileBpmn(startingWith(''));
    expect(result.ok && result.model.nodes.Start).toMatchObject({ trigger: null });
  });

  it.each([
    [
      trigger('event="client.deleted"'),
      'flowcard:trigger event must be one of client.created, client.updated, client.status_changed, activity.created, activity.updated, activity.completed, activity.cancelled, deal.stage_changed, not "client.deleted"',
    ],
    [
      trigger('event="client.created" filter="=name ="'),
      expect.stringMatching(/^flowcard:trigger filter: FEEL syntax error/),
    ],
  ])('refuse a trigger with %s', async (inside, message) => {
    expect(await errorsOf(startingWith(inside))).toEqual([['Start', message]]);
  });

  it('refuse a message without a name', async () => {
    expect(await errorsOf(startingWith('', ''))).toEqual([
      ['Start', 'the message start event has no message name: refer to a named bpmn:message'],
    ]);
  });
});
