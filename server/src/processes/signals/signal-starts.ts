/**
 * Signal start events: a broadcast starts the latest version of every process whose start
 * event waits for the signal, once per broadcast and process key (`signal_starts`), so a
 * broadcast the relay takes again after a lease ran out starts nothing twice.
 */
import { DataSource } from 'typeorm';
import type { Variables } from '#workflows/engine/types';
import { ProcessDefinition } from '../definitions/process-definition.entity';
import { insertInstance } from '../instances/instance-start';
import { InstancesService } from '../instances/instances.service';
import type { ProcessInstance } from '../instances/process-instance.entity';
import { latestStartsBySignal } from '../triggers/start-events';

export interface StartingSignal {
  name: string;
  variables: Variables;
  /** Names the broadcast: one instance per process key and delivery. */
  deliveryId: string;
  startedById: string | null;
}

/** Starts an instance per process starting with the signal; the ids of those started now. */
export async function startBySignal(
  dataSource: DataSource,
  instances: InstancesService,
  signal: StartingSignal,
): Promise<string[]> {
  const starts = await latestStartsBySignal(dataSource.manager, signal.name);
  const started: string[] = [];
  for (const start of starts) {
    const definition = await dataSource.manager.findOneByOrFail(ProcessDefinition, {
      id: start.definitionId,
    });
    const instance = await dataSource.transaction(
      async (manager): Promise<ProcessInstance | null> => {
        const startKey = `${signal.deliveryId}:${start.definitionKey}`;
        await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [startKey]);
        const [done] = await manager.query(
          'SELECT 1 FROM signal_starts WHERE delivery_id = $1 AND definition_key = $2',
          [signal.deliveryId, start.definitionKey],
        );
        if (done) return null;
        const created = await insertInstance(manager, {
          definition,
          clientId: null,
          variables: signal.variables,
          startedById: signal.startedById,
        });
        await manager.query(
          `INSERT INTO signal_starts (delivery_id, definition_key, instance_id) VALUES ($1, $2, $3)`,
          [signal.deliveryId, start.definitionKey, created.id],
        );
        return created;
      },
    );
    // An instance a first try committed is started by the starting relay, if not by that try.
    if (instance === null) continue;
    await instances.launch(instance, definition.model);
    started.push(instance.id);
  }
  return started;
}
