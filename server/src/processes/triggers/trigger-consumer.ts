import { EntityManager } from 'typeorm';
import { TRIGGER_EVENT_TYPES } from '#workflows/bpmn/elements/message-start-event';
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

/** Whether an outbox event of this type can start a process or meet a wait: a CRM event. */
export function isTriggerEventType(type: string): boolean {
  return (TRIGGER_EVENT_TYPES as readonly string[]).includes(type);
}

/** What one batch did: whether it read a full batch, and wrote a start or a delivery to carry out. */
export interface TriggerBatch {
  full: boolean;
  wrote: boolean;
}

/**
 * Consumes the next batch of outbox events in the caller's transaction: locks the consumer's
 * cursor row and moves it past the batch, claims the waiting instances the CRM events meet
 * (`claimTriggeredWaits`), and writes an instance for each event and trigger of the latest
 * versions that matches. The deliveries and the instances' workflows are started after the
 * commit. Events of other types (steps, tasks, instances) are passed over without a query: the
 * compiler lets triggers and subscriptions name only `TRIGGER_EVENT_TYPES`.
 * Returns null when another consumer (in this or another process) holds the cursor: waiting for
 * it would hold a pooled connection for nothing, and that consumer reads the same events.
 */
export async function consumeTriggerBatch(
  manager: EntityManager,
  onSkipped: (reason: string) => void,
): Promise<TriggerBatch | null> {
  // One round trip: locks the cursor, reads the events after it and moves it past them (the
  // move commits with the rest of the batch, or not at all). No row when another consumer holds
  // the cursor (nothing then reaches the UPDATE, which never waits for it); one row without an
  // event when there is nothing new.
  const read: (OutboxRow | { id: null })[] = await manager.query(
    `WITH cursor AS (
       SELECT last_event_id FROM event_consumers WHERE name = $1 FOR UPDATE SKIP LOCKED
     ), batch AS (
       SELECT event.* FROM cursor, LATERAL (
         SELECT * FROM instance_events WHERE id > cursor.last_event_id ORDER BY id LIMIT $2
       ) event
     ), moved AS (
       UPDATE event_consumers SET last_event_id = newest.id
         FROM (SELECT max(id) AS id FROM batch) newest
        WHERE name = $1 AND newest.id IS NOT NULL
     )
     SELECT batch.id::text AS id, batch.type, batch.client_id AS "clientId", batch.payload
       FROM cursor LEFT JOIN batch ON true
      ORDER BY batch.id`,
    [TRIGGER_CONSUMER, BATCH_SIZE],
  );
  if (read.length === 0) return null;
  const rows = read.filter((row): row is OutboxRow => row.id !== null);
  if (rows.length === 0) return { full: false, wrote: false };
  const crmEvents = rows.filter((event) => isTriggerEventType(event.type));
  const bindings = crmEvents.length > 0 ? await latestTriggers(manager) : [];
  const definitions = new Map<string, ProcessDefinition>();
  let wrote = (await claimTriggeredWaits(manager, crmEvents, onSkipped)) > 0;
  for (const event of crmEvents) {
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
      wrote = true;
    }
  }
  return { full: rows.length === BATCH_SIZE, wrote };
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
