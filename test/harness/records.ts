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
