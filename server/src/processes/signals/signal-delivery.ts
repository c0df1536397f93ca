import { Client as TemporalClient } from '@temporalio/client';
import { EntityManager, SelectQueryBuilder } from 'typeorm';
import { deliverSignalUpdate } from '#workflows/temporal/contract';
import type { Variables } from '#workflows/engine/types';
import { DomainException } from '#server/common/errors/domain-exception';
import { Client } from '#server/crm/clients/client.entity';
import { ProcessInstance } from '../instances/process-instance.entity';
import { runInstanceUpdate } from '../workflow-errors';
import { SignalWait } from './signal-wait.entity';

/** A running instance with an open wait for the signal. */
export interface SignalTarget {
  instanceId: string;
  workflowId: string;
}

/**
 * The query for the open waits of running instances for the signal, the oldest first; the
 * caller may narrow it (to the instances a person may see) before `signalTargets` reads it.
 */
export function signalWaitsQuery(
  manager: EntityManager,
  signalName: string,
): SelectQueryBuilder<SignalWait> {
  return (
    manager
      .createQueryBuilder(SignalWait, 'wait')
      .innerJoin(ProcessInstance, 'instance', 'instance.id = wait.instance_id')
      .leftJoin(Client, 'client', 'client.id = instance.client_id')
      .select('instance.id', 'instanceId')
      .addSelect('instance.workflow_id', 'workflowId')
      .where('wait.status = :open', { open: 'open' })
      // An instance in incident takes no signal until its retry (and a failed one leaves its
      // waits open).
      .andWhere('instance.status = :running', { running: 'running' })
      .andWhere('wait.signal_name = :name', { name: signalName })
      .orderBy('wait.created_at')
      .addOrderBy('wait.id')
  );
}

/** Each instance the query's waits belong to, once, in the order of its oldest wait. */
export async function signalTargets(
  query: SelectQueryBuilder<SignalWait>,
): Promise<SignalTarget[]> {
  const rows = await query.getRawMany<SignalTarget>();
  const byInstance = new Map(rows.map((row) => [row.instanceId, row] as const));
  return [...byInstance.values()];
}

/**
 * Delivers the signal to each target through a Temporal update; `deliveryId` names this
 * broadcast, so a delivery retried after a timeout joins the first one. An instance that no
 * longer waits for it (it moved on or ended since the query) is left out. Returns the ids of
 * the instances it reached.
 */
export async function deliverSignal(
  temporal: TemporalClient,
  timeoutMs: number,
  targets: SignalTarget[],
  signal: { name: string; variables: Variables; deliveryId: string },
): Promise<string[]> {
  const reached = await Promise.all(
    targets.map(async ({ instanceId, workflowId }) => {
      try {
        await runInstanceUpdate(temporal, timeoutMs, () =>
          temporal.workflow.getHandle(workflowId).executeUpdate(deliverSignalUpdate, {
            args: [{ signalName: signal.name, variables: signal.variables }],
            updateId: `signal:${signal.deliveryId}:${instanceId}`,
          }),
        );
        return instanceId;
      } catch (error) {
        const missed =
          error instanceof DomainException &&
          (error.code === 'INSTANCE_REFUSED' || error.code === 'INSTANCE_NOT_RUNNING');
        if (missed) return null;
        throw error;
      }
    }),
  );
  return reached.filter((instanceId): instanceId is string => instanceId !== null);
}
