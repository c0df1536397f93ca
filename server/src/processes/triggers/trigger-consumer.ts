import { EntityManager } from 'typeorm';
import { TRIGGER_EVENT_TYPES } from '#workflows/bpmn/elements/message-start-event';
import { evaluateCondition } from '#workflows/expressions/feel';
import { ProcessDefinition } from '../definitions/process-definition.entity';
import { insertInstance } from '../instances/instance-start';
import { LATEST_TRIGGERS_JSON, StartEventBinding } from './start-events';
import {
  claimTriggeredWaits,
  TriggerEvent,
  WaitCandidate,
  waitCandidatesJson,
} from './triggered-waits';

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

/** What the cursor statement answers when this consumer holds the cursor. */
interface BatchRead {
  /** How many events it read, of any type. */
  read: number;
  crmEvents: OutboxRow[];
  /** Null when the batch has no CRM event: then nothing needs them. */
  bindings: StartEventBinding[] | null;
  candidates: WaitCandidate[];
}

/**
 * Consumes the next batch of outbox events in the caller's transaction: locks the consumer's
 * cursor row and moves it past the batch, claims the waiting instances the CRM events meet
 * (`claimTriggeredWaits`), and writes an instance for each event and trigger of the latest
 * versions that matches. The deliveries and the instances' workflows are started after the
 * commit. Events of other types (steps, tasks, instances) are passed over: the compiler lets
 * triggers and subscriptions name only `TRIGGER_EVENT_TYPES`.
 * Returns null when another consumer (in this or another process) holds the cursor: waiting for
 * it would hold a pooled connection for nothing, and that consumer reads the same events.
 */
export async function consumeTriggerBatch(
  manager: EntityManager,
  onSkipped: (reason: string) => void,
): Promise<TriggerBatch | null> {
  // One round trip: locks the cursor, reads the events after it and moves it past them (the
  // move commits with the rest of the batch, or not at all), and with the batch's CRM events
  // reads the latest CRM triggers and the waits the events meet. No row when another consumer
  // holds the cursor (nothing then reaches the UPDATE, which never waits for it). All is read in
  // one snapshot: a wait that committed before an event is visible wherever the event is.
  const [batch]: BatchRead[] = await manager.query(
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
     ), crm AS (
       SELECT * FROM batch WHERE type = ANY($3::text[])
     )
     SELECT (SELECT count(*)::int FROM batch) AS read,
            (SELECT coalesce(json_agg(json_build_object(
                      'id', id::text, 'type', type, 'clientId', client_id, 'payload', payload)
                      ORDER BY id), '[]')
               FROM crm) AS "crmEvents",
            CASE WHEN EXISTS (SELECT 1 FROM crm) THEN (${LATEST_TRIGGERS_JSON}) END AS bindings,
            (${waitCandidatesJson('crm')}) AS candidates
       FROM cursor`,
    [TRIGGER_CONSUMER, BATCH_SIZE, TRIGGER_EVENT_TYPES],
  );
  if (!batch) return null;
  const { read, crmEvents, candidates } = batch;
  const bindings = batch.bindings ?? [];
  const definitions = new Map<string, ProcessDefinition>();
  let wrote = (await claimTriggeredWaits(manager, crmEvents, candidates, onSkipped)) > 0;
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
  return { full: read === BATCH_SIZE, wrote };
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
