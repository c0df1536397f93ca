/**
 * Small BPMN diagrams for tests, written as the elements of a straight path: each element is
 * joined to the next by a sequence flow. No layout: the compiler needs none.
 */

const NAMESPACES =
  'xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" ' +
  'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ' +
  'xmlns:flowcard="http://flowcard.dev/schema/bpmn"';

const LAYOUT_NAMESPACES =
  'xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" ' +
  'xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" ' +
  'xmlns:di="http://www.omg.org/spec/DD/20100524/DI"';

/** A process `key` running through `elements` (XML of flow nodes, each with an id) in order. */
export function linearDiagram(key: string, elements: string[]): string {
  return linear(key, elements, false);
}

/**
 * The same, laid out in one row (BPMN DI), for a browser to draw: events as 36 px circles,
 * everything else as 100 × 80 boxes.
 */
export function laidOutLinearDiagram(key: string, elements: string[]): string {
  return linear(key, elements, true);
}

function linear(key: string, elements: string[], laidOut: boolean): string {
  const ids = elements.map((element) => {
    const id = /\bid="([^"]+)"/.exec(element)?.[1];
    if (!id) throw new Error(`element without an id: ${element}`);
    return id;
  });
  const flows = ids
    .slice(1)
    .map(
      (target, index) =>
        `<bpmn:sequenceFlow id="Flow_${index}" sourceRef="${ids[index]}" targetRef="${target}" />`,
    );
  const boxes = elements.map((element, index) => {
    const event = /^<bpmn:\w*Event\b/.test(element);
    const [width, height] = event ? [36, 36] : [100, 80];
    return { x: 100 + index * 160, y: 120 - height / 2, width, height };
  });
  const layout = [
    `<bpmndi:BPMNDiagram id="Diagram_${key}"><bpmndi:BPMNPlane id="Plane_${key}" bpmnElement="${key}">`,
    ...ids.map((id, index) => {
      const { x, y, width, height } = boxes[index];
      return `<bpmndi:BPMNShape id="${id}_di" bpmnElement="${id}"><dc:Bounds x="${x}" y="${y}" width="${width}" height="${height}" /></bpmndi:BPMNShape>`;
    }),
    ...ids.slice(1).map((_, index) => {
      const [from, to] = [boxes[index], boxes[index + 1]];
      return (
        `<bpmndi:BPMNEdge id="Flow_${index}_di" bpmnElement="Flow_${index}">` +
        `<di:waypoint x="${from.x + from.width}" y="120" /><di:waypoint x="${to.x}" y="120" /></bpmndi:BPMNEdge>`
      );
    }),
    `</bpmndi:BPMNPlane></bpmndi:BPMNDiagram>`,
  ];
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<bpmn:definitions ${NAMESPACES}${laidOut ? ` ${LAYOUT_NAMESPACES}` : ''} id="Definitions_${key}" targetNamespace="http://flowcard.dev/test">`,
    `  <bpmn:process id="${key}" isExecutable="true">`,
    ...[...elements, ...flows].map((line) => `    ${line}`),
    `  </bpmn:process>`,
    ...(laidOut ? layout.map((line) => `  ${line}`) : []),
    `</bpmn:definitions>`,
    '',
  ].join('\n');
}

export const startEvent = (id: string) => `<bpmn:startEvent id="${id}" />`;

export const endEvent = (id: string) => `<bpmn:endEvent id="${id}" />`;

/** A user task for any manager. */
export const userTask = (id: string, name = id) =>
  `<bpmn:userTask id="${id}" name="${name}"><bpmn:extensionElements>` +
  `<flowcard:taskDefinition candidateRole="manager" /></bpmn:extensionElements></bpmn:userTask>`;

/** A service task putting a CRM task with this subject on the client card. */
export const crmTaskStep = (id: string, subject: string) =>
  `<bpmn:serviceTask id="${id}"><bpmn:extensionElements>` +
  `<flowcard:action type="createTask" subject="${subject}" /></bpmn:extensionElements></bpmn:serviceTask>`;

/** A timer catch event waiting an ISO-8601 duration. */
export const timerEvent = (id: string, duration: string) =>
  `<bpmn:intermediateCatchEvent id="${id}"><bpmn:timerEventDefinition>` +
  `<bpmn:timeDuration xsi:type="bpmn:tFormalExpression">${duration}</bpmn:timeDuration>` +
  `</bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>`;

/** A service task setting the client's status to `status` (an expression when it starts with `=`). */
export const statusStep = (id: string, status: string) =>
  `<bpmn:serviceTask id="${id}" name="Set status"><bpmn:extensionElements>` +
  `<flowcard:action type="setClientStatus" status="${status}" /></bpmn:extensionElements></bpmn:serviceTask>`;
