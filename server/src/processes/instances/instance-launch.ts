import { Client as TemporalClient, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import type { Variables } from '../../../../workflows/engine/types';
import {
  PROCESS_WORKFLOW_TYPE,
  ProcessInstanceInput,
  ProcessInstanceResult,
} from '../../../../workflows/temporal/contract';
import { FlowcardConfig } from '../../common/config';
import { events } from '../../events/catalogue';
import { appendEvents } from '../../live/outbox';
import { ProcessDefinition } from '../definitions/process-definition.entity';
import { callEngine } from '../workflow-errors';
import { ProcessInstance } from './process-instance.entity';

/** How an instance comes to be: a person (`startedById`) or a CRM event of the outbox. */
export interface NewInstance {
  definition: ProcessDefinition;
  clientId: string | null;
  variables: Variables;
  startedById: string | null;
  triggerEventId?: string;
}

/**
 * Writes the running instance and its `instance.started` event in the caller's transaction;
 * its workflow is started after the commit (`startInstanceWorkflow`), never inside it.
 */
export async function insertInstance(
  manager: EntityManager,
  { definition, clientId, variables, startedById, triggerEventId }: NewInstance,
): Promise<ProcessInstance> {
  const id = randomUUID();
  const created = await manager.save(
    manager.create(ProcessInstance, {
      id,
      workflowId: `process-instance-${id}`,
      definitionId: definition.id,
      clientId,
      status: 'running',
      variables,
      error: null,
      startedById,
      endedAt: null,
    }),
  );
  await appendEvents(manager, [
    {
      ...events.instanceStarted({
        definitionKey: definition.key,
        version: definition.version,
        by: startedById,
        ...(triggerEventId === undefined ? {} : { triggerEventId }),
      }),
      instanceId: id,
      actor: startedById === null ? undefined : { userId: startedById },
    },
  ]);
  return created;
}

/**
 * Starts the instance's workflow with the model it was created with. The workflow id is the
 * instance's, so a second start (a retry, another process) finds it started and changes nothing.
 */
export async function startInstanceWorkflow(
  temporal: TemporalClient,
  config: FlowcardConfig,
  instance: ProcessInstance,
  model: ProcessDefinition['model'],
): Promise<void> {
  try {
    await callEngine(temporal, config.engineCallTimeoutMs, () =>
      temporal.workflow.start<(input: ProcessInstanceInput) => Promise<ProcessInstanceResult>>(
        PROCESS_WORKFLOW_TYPE,
        {
          taskQueue: config.taskQueue,
          workflowId: instance.workflowId,
          args: [{ instanceId: instance.id, model, variables: instance.variables }],
        },
      ),
    );
  } catch (error) {
    if (error instanceof WorkflowExecutionAlreadyStartedError) return;
    throw error;
  }
}
