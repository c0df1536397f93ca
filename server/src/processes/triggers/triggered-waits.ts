/**
 * CRM triggers on message catch events and receive tasks: a CRM event of the outbox meets the
 * open waits of its client's instances that wait for its type and whose filter holds on its
 * payload. Claimed in the trigger consumer's batch (with its cursor), so each event meets each
 * wait once however many consumers run, and a wait is met by one event; delivered to the
 * workflows after the commit, through the same update as `POST /api/messages`. An instance in
 * incident (on another branch) refuses deliveries until the incident is retried: its claimed
 * event is kept and delivered then, or dropped if the instance is cancelled instead.
 */
import { EntityManager } from 'typeorm';
import { evaluateCondition } from '#workflows/expressions/feel';

/** An outbox event as the trigger consumer reads it. */
export interface TriggerEvent {
  id: string;
  type: string;
  clientId: string | null;
  payload: Record<string, unknown>;
}

/** The waits met by a CRM event and not yet delivered. */
export interface PendingDelivery {
  waitKey: string;
  workflowId: string;
  variables: Record<string, unknown>;
  /** The wait is still open and its instance has not ended; else the event has nothing to meet. */
  waiting: boolean;
}

/** A wait the event of `eventId` meets, before its filter is evaluated. */
export interface WaitCandidate {
  eventId: string;
  waitKey: string;
  instanceId: string;
  filter: string | null;
}

/**
 * SQL for the waits the CRM events of the relation `events` (rows of `instance_events`) meet, as
 * one JSON array of `WaitCandidate`s in event order, then by the waits' age: those of an event's
 * type for its client that were open when it committed. Outbox ids follow commit order (the
 * outbox lock), so that is an event id above the position the wait was written at; the event's
 * own time would be its transaction's start, which can come before a wait that committed first.
 * The step that opened the wait does not meet it: its events commit with the wait, above its
 * position, in the same transaction (same instance, same `now()`, which the outbox keeps to the
 * millisecond; an instance's steps are far more than a millisecond apart). An instance waits for
 * what comes next. A wait written by a worker older than the position (during a rolling upgrade,
 * see docs/deployment.md) has none and meets events by the older rule, the transactions' start
 * times. Waits of instances in incident are kept: their event is delivered after the retry.
 */
export function waitCandidatesJson(events: string): string {
  return `
    SELECT coalesce(json_agg(json_build_object(
             'eventId', e.id::text, 'waitKey', w.wait_key, 'instanceId', w.instance_id,
             'filter', w.trigger_filter) ORDER BY e.id, w.created_at, w.id), '[]')
      FROM ${events} e
      JOIN message_waits w ON w.trigger_event = e.type AND w.correlation_key = e.client_id::text
                          AND (w.after_event_id < e.id
                               OR (w.after_event_id IS NULL AND w.created_at < e.created_at))
                          AND (e.instance_id IS DISTINCT FROM w.instance_id
                               OR e.created_at <> w.created_at::timestamptz(3))
      JOIN process_instances i ON i.id = w.instance_id
     WHERE w.status = 'open' AND i.status IN ('running', 'incident')
       AND NOT EXISTS (SELECT 1 FROM triggered_deliveries d WHERE d.wait_key = w.wait_key)`;
}

/**
 * Claims the waits the events meet among their `candidates` (`waitCandidatesJson`, read in the
 * same transaction): a wait goes to the first event (in outbox order) that meets it and whose
 * filter holds on its payload. One statement writes the claims; the wait key is the claim's
 * primary key, so a wait is claimed once even by candidates read before another consumer's claim
 * committed. Returns how many it claimed.
 */
export async function claimTriggeredWaits(
  manager: EntityManager,
  events: TriggerEvent[],
  candidates: WaitCandidate[],
  onSkipped: (reason: string) => void,
): Promise<number> {
  const eventsById = new Map(events.map((event) => [event.id, event]));
  const claimed = new Map<string, { event: TriggerEvent; instanceId: string }>();
  for (const candidate of candidates) {
    const event = eventsById.get(candidate.eventId);
    if (!event || claimed.has(candidate.waitKey)) continue;
    if (!passes(candidate.filter, event, candidate.waitKey, onSkipped)) continue;
    claimed.set(candidate.waitKey, { event, instanceId: candidate.instanceId });
  }
  if (claimed.size === 0) return 0;
  const claims = [...claimed];
  await manager.query(
    `INSERT INTO triggered_deliveries (wait_key, event_id, instance_id, variables)
     SELECT * FROM unnest($1::text[], $2::bigint[], $3::uuid[], $4::jsonb[])
     ON CONFLICT DO NOTHING`,
    [
      claims.map(([waitKey]) => waitKey),
      claims.map(([, { event }]) => event.id),
      claims.map(([, { instanceId }]) => instanceId),
      claims.map(([, { event }]) =>
        JSON.stringify({
          trigger: { eventId: event.id, type: event.type, payload: event.payload },
        }),
      ),
    ],
  );
  return claimed.size;
}

function passes(
  filter: string | null,
  event: TriggerEvent,
  waitKey: string,
  onSkipped: (reason: string) => void,
): boolean {
  if (filter === null) return true;
  try {
    return evaluateCondition(filter, event.payload);
  } catch (error) {
    onSkipped(`wait ${waitKey}: filter failed on event ${event.id}: ${(error as Error).message}`);
    return false;
  }
}

/**
 * The claimed waits not delivered yet, also those a process that stopped left behind, except
 * those of instances in incident: they are delivered once it is retried.
 */
export function pendingDeliveries(manager: EntityManager): Promise<PendingDelivery[]> {
  return manager.query(
    `SELECT d.wait_key AS "waitKey", i.workflow_id AS "workflowId", d.variables,
            ${WAITING} AS waiting
       FROM triggered_deliveries d JOIN process_instances i ON i.id = d.instance_id
       LEFT JOIN message_waits w ON w.wait_key = d.wait_key
      WHERE NOT d.delivered AND i.status <> 'incident' ORDER BY d.event_id LIMIT 100`,
  );
}

/** Over a delivery's wait `w` and instance `i`: whether the wait can still take its event. */
const WAITING = `coalesce(w.status = 'open' AND i.status IN ('running', 'incident'), false)`;

/**
 * Whether the wait still waits for its claimed event, after the engine refused it: an incident
 * raised (or retried) since the delivery was read. Then the event is kept for it.
 */
export async function stillWaiting(manager: EntityManager, waitKey: string): Promise<boolean> {
  const [row] = await manager.query(
    `SELECT ${WAITING} AS waiting
       FROM message_waits w JOIN process_instances i ON i.id = w.instance_id
      WHERE w.wait_key = $1`,
    [waitKey],
  );
  return row?.waiting === true;
}

export async function markDelivered(manager: EntityManager, waitKey: string): Promise<void> {
  await manager.query(`UPDATE triggered_deliveries SET delivered = true WHERE wait_key = $1`, [
    waitKey,
  ]);
}
