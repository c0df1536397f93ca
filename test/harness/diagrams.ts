/**
 * Small BPMN diagrams for tests, written as the elements of a straight path: each element is
 * joined to the next by a sequence flow. No layout: the compiler needs none.
 */

const NAMESPACES =
  'xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" ' +
  'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ' +
  'xmlns:flowcard="http://flowcard.dev/schema/bpmn"';

/** A process `key` running through `elements` (XML of flow nodes, each with an id) in order. */
export function linearDiagram(key: string, elements: string[]): string {
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
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<bpmn:definitions ${NAMESPACES} id="Definitions_${key}" targetNamespace="http://flowcard.dev/test">`,
    `  <bpmn:process id="${key}" isExecutable="true">`,
    ...[...elements, ...flows].map((line) => `    ${line}`),
    `  </bpmn:process>`,
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
