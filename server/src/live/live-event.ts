import { FlowcardEvent, TASK_LIST_EVENT_TYPES } from '../events/catalogue';

/** An outbox event as pushed to socket.io subscribers. */
export type LiveEvent = FlowcardEvent & {
  id: string;
  /** Null for a CRM change a person or an integration made. */
  instanceId: string | null;
  clientId: string | null;
  /** Owner of the event's client: who may see the event is decided by it. */
  clientOwnerId: string | null;
  /** Who started the event's instance: decides who sees it when there is no client. */
  instanceStartedById: string | null;
  /** The process version the event's instance runs; null without an instance. */
  definitionId: string | null;
  elementId: string | null;
  createdAt: string;
};

interface LiveEventRow {
  id: string;
  instance_id: string | null;
  client_id: string | null;
  client_owner_id: string | null;
  instance_started_by_id: string | null;
  definition_id: string | null;
  type: FlowcardEvent['type'];
  element_id: string | null;
  payload: FlowcardEvent['payload'];
  created_at: Date;
}

export const LIVE_EVENT_COLUMNS = `e.id, e.instance_id, e.client_id, c.owner_id AS client_owner_id, i.started_by_id AS instance_started_by_id, i.definition_id, e.type, e.element_id, e.payload, e.created_at`;
/** A deleted client has no owner here: its events reach only those who read everything. */
export const LIVE_EVENT_FROM = `instance_events e
  LEFT JOIN clients c ON c.id = e.client_id AND c.deleted_at IS NULL
  LEFT JOIN process_instances i ON i.id = e.instance_id`;

export function toLiveEvent(row: LiveEventRow): LiveEvent {
  return {
    id: String(row.id),
    instanceId: row.instance_id,
    clientId: row.client_id,
    clientOwnerId: row.client_owner_id,
    instanceStartedById: row.instance_started_by_id,
    definitionId: row.definition_id,
    // The row's type and payload were written together by the catalogue's constructors.
    ...({ type: row.type, payload: row.payload } as FlowcardEvent),
    elementId: row.element_id,
    createdAt: new Date(row.created_at).toISOString(),
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The catalogue's own constants, so quoting them into SQL is safe. */
const TASK_LIST_TYPES_SQL = TASK_LIST_EVENT_TYPES.map((type) => `'${type}'`).join(', ');

/** SQL filter selecting the events of one room, for replaying what a subscriber missed. */
export function roomFilter(room: string): { where: string; value: string } | null {
  const [kind, ...rest] = room.split(':');
  const key = rest.join(':');
  switch (kind) {
    case 'instance':
      return UUID.test(key) ? { where: 'e.instance_id = $2', value: key } : null;
    case 'client':
      return UUID.test(key) ? { where: 'e.client_id = $2', value: key } : null;
    case 'definition':
      return UUID.test(key) ? { where: 'i.definition_id = $2', value: key } : null;
    case 'tasks': {
      const [scope, id] = rest;
      if (scope === 'user' && UUID.test(id))
        return {
          where: `e.type IN (${TASK_LIST_TYPES_SQL}) AND e.payload->>'assigneeId' = $2`,
          value: id,
        };
      if (scope === 'role')
        return {
          where: `e.type IN (${TASK_LIST_TYPES_SQL}) AND e.payload->>'candidateRole' = $2`,
          value: id,
        };
      if (scope === 'team' && UUID.test(id))
        return {
          where: `e.type IN (${TASK_LIST_TYPES_SQL}) AND e.payload->>'candidateTeamId' = $2`,
          value: id,
        };
      return null;
    }
    default:
      return null;
  }
}
