/** An instance event as pushed to socket.io subscribers. */
export interface LiveEvent {
  id: string;
  instanceId: string;
  clientId: string | null;
  /** Owner of the instance's client: who may see the event is decided by it. */
  clientOwnerId: string | null;
  type: string;
  elementId: string | null;
  payload: Record<string, unknown>;
  createdAt: string;
}

interface LiveEventRow {
  id: string;
  instance_id: string;
  client_id: string | null;
  client_owner_id: string | null;
  type: string;
  element_id: string | null;
  payload: Record<string, unknown>;
  created_at: Date;
}

export const LIVE_EVENT_COLUMNS = `e.id, e.instance_id, i.client_id, c.owner_id AS client_owner_id, e.type, e.element_id, e.payload, e.created_at`;
/** A deleted client has no owner here: its events reach only those who read everything. */
export const LIVE_EVENT_FROM = `instance_events e JOIN process_instances i ON i.id = e.instance_id
  LEFT JOIN clients c ON c.id = i.client_id AND c.deleted_at IS NULL`;

export function toLiveEvent(row: LiveEventRow): LiveEvent {
  return {
    id: String(row.id),
    instanceId: row.instance_id,
    clientId: row.client_id,
    clientOwnerId: row.client_owner_id,
    type: row.type,
    elementId: row.element_id,
    payload: row.payload,
    createdAt: new Date(row.created_at).toISOString(),
  };
}

/**
 * The socket.io rooms an event goes to: its instance, its client card, and for
 * task events the task lists of the assignee and of the candidate role.
 */
export function roomsFor(event: LiveEvent): string[] {
  const rooms = [`instance:${event.instanceId}`];
  if (event.clientId) rooms.push(`client:${event.clientId}`);
  if (event.type.startsWith('task.')) {
    const { assigneeId, candidateRole } = event.payload as {
      assigneeId?: string | null;
      candidateRole?: string | null;
    };
    if (assigneeId) rooms.push(`tasks:user:${assigneeId}`);
    if (candidateRole) rooms.push(`tasks:role:${candidateRole}`);
  }
  return rooms;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** SQL filter selecting the events of one room, for replaying what a subscriber missed. */
export function roomFilter(room: string): { where: string; value: string } | null {
  const [kind, ...rest] = room.split(':');
  const key = rest.join(':');
  switch (kind) {
    case 'instance':
      return UUID.test(key) ? { where: 'e.instance_id = $2', value: key } : null;
    case 'client':
      return UUID.test(key) ? { where: 'i.client_id = $2', value: key } : null;
    case 'tasks': {
      const [scope, id] = rest;
      if (scope === 'user' && UUID.test(id))
        return { where: "e.type LIKE 'task.%' AND e.payload->>'assigneeId' = $2", value: id };
      if (scope === 'role')
        return { where: "e.type LIKE 'task.%' AND e.payload->>'candidateRole' = $2", value: id };
      return null;
    }
    default:
      return null;
  }
}
