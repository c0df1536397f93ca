import { io, type Socket } from 'socket.io-client';
import { compareIds } from './instance-state';
import type { LiveEvent, User } from './types';

export type LiveStatus = 'connecting' | 'live' | 'offline' | 'error';

export interface InstanceSubscriptionOptions {
  token: string;
  /** Id of the last event already shown; the server replays everything after it. */
  afterId?: string;
  onEvent(event: LiveEvent): void;
  onStatus(status: LiveStatus, detail?: string): void;
}

export interface Subscription {
  close(): void;
}

/**
 * Follows one instance's events over socket.io (namespace `/live`). Every (re)connection
 * subscribes again after the newest event seen, so nothing is missed; each event id is
 * delivered once.
 */
export function subscribeToInstance(
  instanceId: string,
  options: InstanceSubscriptionOptions,
): Subscription {
  return subscribeToRooms([`instance:${instanceId}`], {
    ...options,
    onEvent: (event) => {
      if (!event.instanceId || event.instanceId === instanceId) options.onEvent(event);
    },
  });
}

/** The task-list rooms of the signed-in user: their own, their roles' and their teams'. */
export function taskListRooms(user: User): string[] {
  return [
    `tasks:user:${user.id}`,
    ...user.roles.map((role) => `tasks:role:${role}`),
    ...user.teamIds.map((teamId) => `tasks:team:${teamId}`),
  ];
}

/**
 * Follows the events of several rooms on one connection (a task list hears the user's room and
 * their roles' and teams' rooms). An event that reaches two rooms is delivered once; after a reconnect
 * each room is asked for what came after the newest event seen (or the newest id at the first
 * join), so the screen catches up without a reload.
 */
export function subscribeToRooms(
  rooms: string[],
  options: InstanceSubscriptionOptions,
): Subscription {
  let lastId = options.afterId;
  const seen = new Set<string>();
  const socket: Socket = io('/live', { auth: { token: options.token } });

  const deliver = (event: LiveEvent) => {
    if (seen.has(event.id) || (options.afterId && compareIds(event.id, options.afterId) <= 0)) {
      return;
    }
    seen.add(event.id);
    if (lastId === undefined || compareIds(event.id, lastId) > 0) lastId = event.id;
    options.onEvent(event);
  };

  // Once every room is joined. A screen that has seen no event yet takes the newest id now, so
  // that a reconnect asks for what came after it rather than for nothing.
  const caughtUp = async () => {
    if (lastId === undefined) {
      const head = (await socket.emitWithAck('head').catch(() => undefined)) as
        { lastEventId?: string } | undefined;
      if (head?.lastEventId && lastId === undefined) lastId = head.lastEventId;
    }
    options.onStatus('live');
  };

  options.onStatus('connecting');
  socket.on('connect', () => {
    // The server may answer with the missed events as an acknowledgement, or push them as
    // `event` messages; both are handled, and duplicates are dropped by id.
    // 'live' once every room is joined: from then on no event of these rooms is missed.
    const afterId = lastId;
    let waiting = rooms.length;
    for (const room of rooms) {
      socket.emit('subscribe', { room, afterId }, (reply: unknown) => {
        const missed = Array.isArray(reply) ? reply : (reply as { events?: unknown })?.events;
        if (Array.isArray(missed)) {
          [...(missed as LiveEvent[])].sort((a, b) => compareIds(a.id, b.id)).forEach(deliver);
        }
        waiting -= 1;
        if (waiting === 0) void caughtUp();
      });
    }
  });
  socket.on('event', deliver);
  socket.on('disconnect', (reason) => options.onStatus('offline', reason));
  socket.on('connect_error', (err) =>
    options.onStatus(socket.active ? 'offline' : 'error', err.message),
  );

  return { close: () => socket.disconnect() };
}
