import { EntityManager } from 'typeorm';
import type {
  ExecutableModel,
  MessageStartNode,
  SignalStartNode,
  TimerStartNode,
} from '#workflows/engine/model';

/** A message start event of a deployed version, as `process_start_events` holds it. */
export interface StartEventBinding {
  definitionId: string;
  definitionKey: string;
  elementId: string;
  messageName: string;
  triggerEvent: string | null;
  triggerFilter: string | null;
}

/**
 * Records the version's message, signal or timer start event, so messages, signals, CRM events
 * and schedules find it without the models.
 */
export async function recordStartEvents(
  manager: EntityManager,
  definitionId: string,
  model: ExecutableModel,
): Promise<void> {
  const starts = Object.values(model.nodes).filter(
    (node): node is MessageStartNode => node.kind === 'messageStart',
  );
  for (const start of starts) {
    await manager.query(
      `INSERT INTO process_start_events
         (definition_id, element_id, message_name, trigger_event, trigger_filter)
       VALUES ($1, $2, $3, $4, $5)`,
      [
        definitionId,
        start.id,
        start.messageName,
        start.trigger?.event ?? null,
        start.trigger?.filter ?? null,
      ],
    );
  }
  const start = model.nodes[model.startNodeId];
  if (start.kind === 'signalStart' || start.kind === 'timerStart') {
    await manager.query(
      `INSERT INTO process_start_events (definition_id, element_id, signal_name, timer)
       VALUES ($1, $2, $3, $4)`,
      [definitionId, start.id, signalNameOf(start), timerOf(start)],
    );
  }
}

function signalNameOf(start: SignalStartNode | TimerStartNode): string | null {
  return start.kind === 'signalStart' ? start.signalName : null;
}

function timerOf(start: SignalStartNode | TimerStartNode): string | null {
  if (start.kind !== 'timerStart') return null;
  return JSON.stringify('date' in start ? { date: start.date } : { cycle: start.cycle });
}

const LATEST_BINDINGS = `
  SELECT s.definition_id AS "definitionId", d.key AS "definitionKey", s.element_id AS "elementId",
         s.message_name AS "messageName", s.trigger_event AS "triggerEvent",
         s.trigger_filter AS "triggerFilter"
    FROM process_start_events s
    JOIN process_definitions d ON d.id = s.definition_id
   WHERE d.version = (SELECT max(version) FROM process_definitions latest WHERE latest.key = d.key)
     AND s.message_name IS NOT NULL`;

/** The message start events of the latest version of each key, for a message name. */
export function latestStartsByMessage(
  manager: EntityManager,
  messageName: string,
): Promise<StartEventBinding[]> {
  return manager.query(`${LATEST_BINDINGS} AND s.message_name = $1 ORDER BY d.key`, [messageName]);
}

/**
 * SQL for the CRM triggers of the latest version of each key, as one JSON array of
 * `StartEventBinding`s ordered by key: the trigger consumer reads them in its cursor statement.
 */
export const LATEST_TRIGGERS_JSON = `
  SELECT coalesce(json_agg(binding ORDER BY binding."definitionKey"), '[]')
    FROM (${LATEST_BINDINGS} AND s.trigger_event IS NOT NULL) binding`;

/** A signal start event of the latest version of a key. */
export interface SignalStartBinding {
  definitionId: string;
  definitionKey: string;
  elementId: string;
}

/** The signal start events of the latest version of each key, for a signal name. */
export function latestStartsBySignal(
  manager: EntityManager,
  signalName: string,
): Promise<SignalStartBinding[]> {
  return manager.query(
    `SELECT s.definition_id AS "definitionId", d.key AS "definitionKey", s.element_id AS "elementId"
       FROM process_start_events s
       JOIN process_definitions d ON d.id = s.definition_id
      WHERE s.signal_name = $1
        AND d.version = (SELECT max(version) FROM process_definitions l WHERE l.key = d.key)
      ORDER BY d.key`,
    [signalName],
  );
}
