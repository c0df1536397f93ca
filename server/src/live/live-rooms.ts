import { FlowcardEvent, isTaskListEvent } from '../events/catalogue';

/** What places an outbox event in rooms: its type and payload, its instance, version and client. */
export type RoomedEvent = FlowcardEvent & {
  instanceId: string | null;
  definitionId: string | null;
  clientId: string | null;
};

/**
 * The socket.io rooms an event goes to: its instance, its process version (what monitoring
 * screens of that version watch), its client card, and for task events the task lists of the
 * assignee, of the candidate role and of the candidate team.
 *
 * Imports nothing but the catalogue: the designer routes the events of its one connection to
 * the screens that watch these rooms by the same function.
 */
export function roomsFor(event: RoomedEvent): string[] {
  const rooms: string[] = [];
  if (event.instanceId) rooms.push(`instance:${event.instanceId}`);
  if (event.definitionId) rooms.push(`definition:${event.definitionId}`);
  if (event.clientId) rooms.push(`client:${event.clientId}`);
  if (isTaskListEvent(event)) {
    const { assigneeId, candidateRole, candidateTeamId } = event.payload;
    if (assigneeId) rooms.push(`tasks:user:${assigneeId}`);
    if (candidateRole) rooms.push(`tasks:role:${candidateRole}`);
    if (candidateTeamId) rooms.push(`tasks:team:${candidateTeamId}`);
  }
  return rooms;
}
