/**
 * The setup of an end-to-end file that runs BPMN fixtures through the app:
 *
 *   const { as, deployFixture, createClient, startInstance, ended } = useBpmnFlowcard();
 *
 * boots Flowcard with its worker (through `useFlowcard`) and answers helpers that deploy
 * workflows/bpmn/fixtures, start instances for a new client, work their user tasks and read
 * the path taken and the side effects back through the API, each as the demo user who may.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { eventually, type Flowcard } from '#scripts/lib/in-process';
import { useFlowcard } from './index';

const fixturesDir = join(__dirname, '../../workflows/bpmn/fixtures');

/** The XML of a diagram in workflows/bpmn/fixtures. */
export const fixtureXml = (name: string) => readFileSync(join(fixturesDir, name), 'utf8');

/** Posts a BPMN diagram to the deploy endpoint, answering the response whatever its status. */
export const postDiagram = (flowcard: Flowcard, token: string, xml: string) =>
  flowcard.api(token, 'POST', '/api/process-definitions', xml, 'application/xml');

export interface InstanceEvent {
  type: string;
  elementId: string | null;
  payload: Record<string, unknown>;
  createdAt: string;
}

/** The ids of the elements with events of one type, in the order of the events. */
export const elementsWith =
  (type: string) => (events: Pick<InstanceEvent, 'type' | 'elementId'>[]) =>
    events.filter((event) => event.type === type).map((event) => event.elementId);
export const startedElements = elementsWith('element.started');
/** The elements in the order they completed, from the instance's events. */
export const completedElements = elementsWith('element.completed');
/** The elements a boundary event or an error ended unfinished, in order. */
export const terminatedElements = elementsWith('element.terminated');

export interface TaskItem {
  id: string;
  name: string;
}

export function useBpmnFlowcard() {
  const { flowcard, tokens, ids, as } = useFlowcard();

  /** Deploys a fixture as the analyst: 201, or 200 with the version deployed before. */
  async function postFixture(name: string) {
    const response = await postDiagram(flowcard, tokens.analyst, fixtureXml(name));
    expect([200, 201]).toContain(response.status);
    return response;
  }

  /** Deploys a fixture, checking the warnings the compiler answers (by element id). */
  async function deployFixture(name: string, warnedElementIds: string[] = []): Promise<string> {
    const response = await postFixture(name);
    expect(
      response.body.warnings.map((warning: { elementId: string }) => warning.elementId),
    ).toEqual(warnedElementIds);
    return response.body.id;
  }

  async function createClient(name: string): Promise<string> {
    const response = await as('manager', 'POST', '/api/clients', { kind: 'company', name });
    expect(response.status).toBe(201);
    return response.body.id;
  }

  async function startInstance(
    definitionId: string,
    clientId: string,
    variables: object = {},
  ): Promise<string> {
    const started = await as('manager', 'POST', '/api/process-instances', {
      definitionId,
      clientId,
      variables,
    });
    expect(started.status).toBe(201);
    return started.body.id;
  }

  const instanceCard = async (instanceId: string) =>
    (await as('supervisor', 'GET', `/api/process-instances/${instanceId}`)).body;

  /** The instance card once the instance has ended. */
  const ended = (instanceId: string, timeoutMs?: number) =>
    eventually(async () => {
      const card = await instanceCard(instanceId);
      return card.status !== 'running' && card;
    }, timeoutMs);

  /** The user tasks of the instance open to managers. */
  const openTasks = async (instanceId: string): Promise<TaskItem[]> =>
    (await as('manager', 'GET', `/api/tasks?role=manager&instanceId=${instanceId}`)).body.items;

  /** The open user task of that name, once the instance has reached it. */
  const openTask = (instanceId: string, name: string) =>
    eventually(async () => (await openTasks(instanceId)).find((task) => task.name === name));

  async function completeTask(taskId: string, variables = {}) {
    const response = await as('manager', 'POST', `/api/tasks/${taskId}/complete`, { variables });
    expect(response.status).toBe(200);
  }

  async function clientCard(clientId: string) {
    const card = await as('manager', 'GET', `/api/clients/${clientId}/card`);
    expect(card.status).toBe(200);
    return card.body;
  }

  /** The CRM activities the instance put on the client card, oldest first, as `kind: subject`. */
  async function activitiesOf(clientId: string, instanceId: string): Promise<string[]> {
    const card = await clientCard(clientId);
    return card.timeline
      .filter(
        (entry: { type: string; activity?: { processInstanceId: string } }) =>
          entry.type === 'activity' && entry.activity?.processInstanceId === instanceId,
      )
      .map(
        (entry: { activity: { kind: string; subject: string } }) =>
          `${entry.activity.kind}: ${entry.activity.subject}`,
      )
      .reverse();
  }

  return {
    flowcard,
    tokens,
    ids,
    as,
    postFixture,
    deployFixture,
    createClient,
    startInstance,
    instanceCard,
    ended,
    openTasks,
    openTask,
    completeTask,
    clientCard,
    activitiesOf,
  };
}
