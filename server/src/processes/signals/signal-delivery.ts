import { Client as TemporalClient } from '@temporalio/client';
import { EntityManager, SelectQueryBuilder } from 'typeorm';
import { deliverSignalUpdate } from '#workflows/temporal/contract';
import type { Variables } from '#workflows/engine/types';
import { DomainException } from '#server/common/errors/domain-exception';
import { Client } from '#server/crm/clients/client.entity';
import { ProcessInstance } from '../instances/process-instance.entity';
import { runInstanceUpdate } from '../workflow-errors';
import { SignalWait } from './signal-wait.entity';

/** An instance with an open wait for the signal, running or in incident. */
export interface SignalTarget {
  instanceId: string;
  workflowId: string;
  status: 'running' | 'incident';
}

/** A signal on its way: `deliveryId` names the broadcast. */
export interface SignalDelivery {
  name: string;
  variables: Variables;
  deliveryId: string;
}

/** What a delivery came to: the instances that took the signal and those it is held for. */
export interface SignalOutcome {
  reached: string[];
  held: string[];
}

/**
 * The query for the open waits for the signal of running instances and of instances in
 * incident, the oldest first, in one snapshot; the caller may narrow it (to the instances a
 * person may see) before `signalTargets` reads it. Running instances take the signal; one in
 * incident takes none until its retry, so the signal is held for it (`holdSignal`). A failed
 * instance leaves its waits open and is no target.
 */
export function signalWaitsQuery(
  manager: EntityManager,
  signalName: string,
): SelectQueryBuilder<SignalWait> {
  return manager
    .createQueryBuilder(SignalWait, 'wait')
    .innerJoin(ProcessInstance, 'instance', 'instance.id = wait.instance_id')
    .leftJoin(Client, 'client', 'client.id = instance.client_id')
    .select('instance.id', 'instanceId')
    .addSelect('instance.workflow_id', 'workflowId')
    .addSelect('instance.status', 'status')
    .where('wait.status = :open', { open: 'open' })
    .andWhere('instance.status IN (:...statuses)', { statuses: ['running', 'incident'] })
    .andWhere('wait.signal_name = :name', { name: signalName })
    .orderBy('wait.created_at')
    .addOrderBy('wait.id');
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
 * Keeps the signal for the instances in incident, to deliver once their incident is retried
 * (`SignalRelay`); a delivery held twice is kept once.
 */
async function holdSignal(
  manager: EntityManager,
  instanceIds: string[],
  signal: SignalDelivery,
): Promise<void> {
  if (instanceIds.length === 0) return;
  await manager.query(
    `INSERT INTO held_signals (delivery_id, instance_id, signal_name, variables)
     SELECT $1, unnest($2::uuid[]), $3, $4 ON CONFLICT DO NOTHING`,
    [signal.deliveryId, instanceIds, signal.name, JSON.stringify(signal.variables)],
  );
}

/**
 * Holds the signal for an instance whose delivery was refused because an incident was raised
 * since its wait was read: the wait is still open and the instance in incident. Whether it did.
 */
async function heldAfterRefusal(
  manager: EntityManager,
  instanceId: string,
  signal: SignalDelivery,
): Promise<boolean> {
  const held = (await manager.query(
    `WITH held AS (
       INSERT INTO held_signals (delivery_id, instance_id, signal_name, variables)
       SELECT $1, i.id, $3, $4 FROM process_instances i
        WHERE i.id = $2 AND i.status = 'incident'
          AND EXISTS (SELECT 1 FROM signal_waits w
                       WHERE w.instance_id = i.id AND w.status = 'open' AND w.signal_name = $3)
       ON CONFLICT (delivery_id, instance_id) DO UPDATE SET signal_name = EXCLUDED.signal_name
       RETURNING instance_id
     )
     SELECT instance_id FROM held`,
    [signal.deliveryId, instanceId, signal.name, JSON.stringify(signal.variables)],
  )) as unknown[];
  return held.length > 0;
}

/**
 * Delivers the signal to each running target through a Temporal update and holds it for each
 * target in incident; `deliveryId` names this broadcast, so a delivery retried after a timeout
 * joins the first one. An instance that no longer waits for it (it moved on or ended since the
 * query) is left out; one refused for an incident raised meanwhile, with its wait still open,
 * has the signal held too.
 */
export async function deliverSignal(
  temporal: TemporalClient,
  manager: EntityManager,
  timeoutMs: number,
  targets: SignalTarget[],
  signal: SignalDelivery,
): Promise<SignalOutcome> {
  const inIncident = targets
    .filter((target) => target.status === 'incident')
    .map((target) => target.instanceId);
  await holdSignal(manager, inIncident, signal);
  const running = targets.filter((target) => target.status === 'running');
  const outcomes = await Promise.all(
    running.map(async ({ instanceId, workflowId }) => {
      try {
        await runInstanceUpdate(temporal, timeoutMs, () =>
          temporal.workflow.getHandle(workflowId).executeUpdate(deliverSignalUpdate, {
            args: [{ signalName: signal.name, variables: signal.variables }],
            updateId: `signal:${signal.deliveryId}:${instanceId}`,
          }),
        );
        return { instanceId, outcome: 'reached' as const };
      } catch (error) {
        const missed =
          error instanceof DomainException &&
          (error.code === 'INSTANCE_REFUSED' || error.code === 'INSTANCE_NOT_RUNNING');
        if (!missed) throw error;
        const held = await heldAfterRefusal(manager, instanceId, signal);
        return { instanceId, outcome: held ? ('held' as const) : ('missed' as const) };
      }
    }),
  );
  const having = (outcome: string) =>
    outcomes.filter((one) => one.outcome === outcome).map((one) => one.instanceId);
  return { reached: having('reached'), held: [...inIncident, ...having('held')] };
}
