import { EntityManager } from 'typeorm';
import { evaluateCondition } from '#workflows/expressions/feel';
import { ProcessDefinition } from '../definitions/process-definition.entity';
import { insertInstance } from '../instances/instance-start';
import { latestTriggers, StartEventBinding } from './start-events';
import { claimTriggeredWaits, TriggerEvent } from './triggered-waits';

/** The cursor row of the trigger consumer in `event_consumers`. */
export const TRIGGER_CONSUMER = 'process-triggers';

/** Outbox events read per transaction. */
const BATCH_SIZE = 200;

type OutboxRow = TriggerEvent;

/**
 * Consumes the next batch of outbox events in the caller's transaction: locks the consumer's
 * cursor row, claims the waiting instances each event meets (`claimTriggeredWaits`), writes an
 * instance for each event and trigger of the latest versions that matches, and moves the
 * cursor. The deliveries and the instances' workflows are started after the commit.
 * Returns how many events it read, or null when another consumer (in this or another process)
 * holds the cursor: waiting for it would hold a pooled connection for nothing, and that
 * consumer reads the same events.
 */
export async function consumeTriggerBatch(
  manager: EntityManager,
  onSkipped: (reason: string) => void,
): Promise<number | null> {
  const [cursor] = await manager.query(
    `SELECT last_event_id::text AS "lastEventId" FROM event_consumers
      WHERE name = $1 FOR UPDATE SKIP LOCKED`,
    [TRIGGER_CONSUMER],
  );
  if (!cursor) return null;
  const rows: OutboxRow[] = await manager.query(
    `SELECT id::text AS id, type, client_id AS "clientId", payload, created_at AS "createdAt"
       FROM instance_events WHERE id > $1 ORDER BY id LIMIT $2`,
    [cursor.lastEventId, BATCH_SIZE],
  );
  if (rows.length === 0) return 0;
  const bindings = await latestTriggers(manager);
  const definitions = new Map<string, ProcessDefinition>();
  for (const event of rows) {
    await claimTriggeredWaits(manager, event, onSkipped);
    for (const binding of bindings) {
      if (!matches(event, binding, onSkipped)) continue;
      if (!(await clientExists(manager, event.clientId as string))) continue;
      let definition = definitions.get(binding.definitionId);
      if (!definition) {
        definition = await manager.findOneByOrFail(ProcessDefinition, {
          id: binding.definitionId,
        });
        definitions.set(binding.definitionId, definition);
      }
      const instance = await insertInstance(manager, {
        definition,
        clientId: event.clientId,
        variables: {
          clientId: event.clientId,
          trigger: { eventId: event.id, type: event.type, payload: event.payload },
        },
        startedById: null,
        triggerEventId: event.id,
      });
      // The key also holds when a cursor were ever set back: an event starts a binding once.
      await manager.query(
        `INSERT INTO triggered_starts (event_id, definition_key, element_id, instance_id)
         VALUES ($1, $2, $3, $4)`,
        [event.id, binding.definitionKey, binding.elementId, instance.id],
      );
    }
  }
  await manager.query(`UPDATE event_consumers SET last_event_id = $2 WHERE name = $1`, [
    TRIGGER_CONSUMER,
    rows[rows.length - 1].id,
  ]);
  return rows.length;
}

/** Whether the event is of the trigger's type, concerns a client and passes its filter. */
function matches(
  event: OutboxRow,
  binding: StartEventBinding,
  onSkipped: (reason: string) => void,
): boolean {
  if (event.type !== binding.triggerEvent || event.clientId === null) return false;
  if (binding.triggerFilter === null) return true;
  try {
    return evaluateCondition(binding.triggerFilter, event.payload);
  } catch (error) {
    onSkipped(
      `${binding.definitionKey}/${binding.elementId}: filter failed on event ${event.id}: ${(error as Error).message}`,
    );
    return false;
  }
}

/** Locked against deletion until the commit, as a person starting an instance for it does. */
async function clientExists(manager: EntityManager, clientId: string): Promise<boolean> {
  const rows = await manager.query(
    `SELECT 1 FROM clients WHERE id = $1 AND deleted_at IS NULL FOR SHARE`,
    [clientId],
  );
  return rows.length > 0;
}

/** The instances a trigger wrote whose workflow has not been started yet. */
export function pendingTriggeredStarts(manager: EntityManager): Promise<{ instanceId: string }[]> {
  return manager.query(
    `SELECT instance_id AS "instanceId" FROM triggered_starts
      WHERE NOT workflow_started ORDER BY event_id LIMIT 100`,
  );
}
