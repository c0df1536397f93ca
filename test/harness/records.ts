/**
 * Rows written straight to the database, for tests of what the worker writes: an instance there
 * is "running" without a workflow, so nothing but the test acts on it.
 */
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { ProcessDefinition } from '#server/processes/definitions/process-definition.entity';
import { ProcessInstance } from '#server/processes/instances/process-instance.entity';

/** A running instance of the latest version of `definitionKey` on the client; its id. */
export async function insertRunningInstance(
  manager: EntityManager,
  clientId: string,
  definitionKey = 'application-handling',
): Promise<string> {
  const definition = await manager.findOneOrFail(ProcessDefinition, {
    where: { key: definitionKey },
    order: { version: 'DESC' },
  });
  const id = randomUUID();
  await manager.insert(ProcessInstance, {
    id,
    workflowId: `test-${id}`,
    definitionId: definition.id,
    clientId,
    status: 'running',
    variables: {},
  });
  return id;
}

/**
 * An instance of the version whose workflow never runs, for as long as the test wants: by
 * default its workflow id is longer than Temporal takes, so every start of it fails; given the
 * id of a workflow on a task queue no worker polls, every update to it times out. Its id.
 */
export async function insertUnreachableInstance(
  manager: EntityManager,
  definitionId: string,
  status: 'starting' | 'running',
  workflowId = `test-${'x'.repeat(2_000)}`,
): Promise<string> {
  const id = randomUUID();
  await manager.insert(ProcessInstance, {
    id,
    workflowId,
    definitionId,
    clientId: null,
    status,
    variables: {},
  });
  return id;
}
