/**
 * Starting the workflow of an instance whose row is committed as `starting`: the API does it right
 * after its commit, the reconciler for a row an API left behind. Both may do it for the same row;
 * the workflow id makes the second start a no-op.
 */
import { Client as TemporalClient, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { WorkflowIdReusePolicy } from '@temporalio/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import type { ExecutableModel } from '#workflows/engine/model';
import type { Variables } from '#workflows/engine/types';
import {
  CURRENT_PATCH_LEVEL,
  PROCESS_WORKFLOW_TYPE,
  ProcessInstanceInput,
  ProcessInstanceResult,
} from '#workflows/temporal/contract';
import { events } from '#server/events/catalogue';
import { appendEvents } from '#server/live/outbox';
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
  /** The call activity that starts it, and its wait for the instance. */
  calledBy?: { instanceId: string; elementId: string; waitKey: string };
}

/**
 * Writes the instance as `starting` with its `instance.started` event in the caller's
 * transaction; its workflow is started after the commit (`startInstanceWorkflow`), never inside
 * it, and a row left `starting` is started by the reconciler's starting relay.
 */
export async function insertInstance(
  manager: EntityManager,
  { definition, clientId, variables, startedById, triggerEventId, calledBy }: NewInstance,
): Promise<ProcessInstance> {
  const id = randomUUID();
  // insert, not save: given its id, save would first read the row to choose insert or update.
  const created = manager.create(ProcessInstance, {
    id,
    workflowId: `process-instance-${id}`,
    definitionId: definition.id,
    clientId,
    status: 'starting',
    variables,
    error: null,
    startedById,
    endedAt: null,
    parentInstanceId: calledBy?.instanceId ?? null,
    parentElementId: calledBy?.elementId ?? null,
    parentWaitKey: calledBy?.waitKey ?? null,
  });
  // TypeORM's partial type cannot see into jsonb's `unknown` values, hence the cast.
  await manager.insert(ProcessInstance, created as QueryDeepPartialEntity<ProcessInstance>);
  await appendEvents(manager, [
    {
      ...events.instanceStarted({
        definitionKey: definition.key,
        version: definition.version,
        by: startedById,
        ...(triggerEventId === undefined ? {} : { triggerEventId }),
        ...(calledBy === undefined ? {} : { parentInstanceId: calledBy.instanceId }),
      }),
      instanceId: id,
      actor: startedById === null ? undefined : { userId: startedById },
    },
  ]);
  return created;
}

export interface InstanceToStart {
  id: string;
  workflowId: string;
  model: ExecutableModel;
  variables: Variables;
}

export interface EngineCallSettings {
  taskQueue: string;
  /** The deadline of the call; past it, ENGINE_UNAVAILABLE. */
  timeoutMs: number;
  /** Passed to the workflow: history events after which it continues as new. */
  historyEventsLimit?: number;
}

/**
 * Starts the instance's workflow; one that exists already, running or closed, counts as started.
 * REJECT_DUPLICATE keeps a workflow that already ended from running a second time.
 */
export async function startInstanceWorkflow(
  temporal: TemporalClient,
  settings: EngineCallSettings,
  instance: InstanceToStart,
): Promise<void> {
  await callEngine(temporal, settings.timeoutMs, async () => {
    try {
      await temporal.workflow.start<
        (input: ProcessInstanceInput) => Promise<ProcessInstanceResult>
      >(PROCESS_WORKFLOW_TYPE, {
        taskQueue: settings.taskQueue,
        workflowId: instance.workflowId,
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
        args: [
          {
            instanceId: instance.id,
            model: instance.model,
            variables: instance.variables,
            historyEventsLimit: settings.historyEventsLimit,
            patchLevel: CURRENT_PATCH_LEVEL,
          },
        ],
      });
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    }
  });
}

/**
 * `starting` becomes `running` once Temporal has the workflow. Only from `starting`: the
 * worker may already have ended the instance.
 */
export async function markStarted(manager: EntityManager, instanceId: string): Promise<void> {
  await manager.query(
    `UPDATE process_instances SET status = 'running' WHERE id = $1 AND status = 'starting'`,
    [instanceId],
  );
}
