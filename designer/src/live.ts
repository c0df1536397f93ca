import { io } from 'socket.io-client';
import { roomsFor } from '../../server/src/live/live-rooms';
import { compareIds } from './instance-state';
import type { LiveEvent, User } from './types';

export type LiveStatus = 'connecting' | 'live' | 'offline' | 'error';

export interface InstanceSubscriptionOptions {
  /** The signed-in user's token: the tab's connection is opened with it if it is not open yet. */
  token: string;
  /** Id of the last event already shown; the server replays everything after it. */
  afterId?: string;
  onEvent(event: LiveEvent): void;
  onStatus(status: LiveStatus, detail?: string): void;
}

export interface Subscription {
  close(): void;
}

/** What the connection uses of a socket.io client socket (a fake one in unit tests). */
export interface LiveSocket {
  readonly active: boolean;
  on(event: string, listener: (...args: never[]) => void): unknown;
  emit(event: string, ...args: unknown[]): unknown;
  emitWithAck(event: string, ...args: unknown[]): Promise<unknown>;
  disconnect(): unknown;
}

/** How many of the newest ids delivered a part remembers to drop duplicates (see `RecentIds`). */
export const RECENT_IDS_KEPT = 2_000;

/**
 * The newest ids delivered to a part, to drop an event that comes twice (live and in a replay,
 * or in two rooms' replays). A duplicate is always recent: a room is replayed from the newest
 * event its parts saw, or from the id a screen just read, so the oldest ids are forgotten, and
 * the bell, open all day, holds a bounded set. Forgetting by id, not by arrival: live events can
 * arrive before a replay of older ones.
 */
export class RecentIds {
  private readonly ids = new Set<string>();

  get size(): number {
    return this.ids.size;
  }

  has(id: string): boolean {
    return this.ids.has(id);
  }

  /** Remembers the id; past twice the bound, forgets all but the newest `RECENT_IDS_KEPT`. */
  add(id: string): void {
    this.ids.add(id);
    if (this.ids.size <= 2 * RECENT_IDS_KEPT) return;
    const oldest = [...this.ids].sort(compareIds).slice(0, this.ids.size - RECENT_IDS_KEPT);
    for (const forgotten of oldest) this.ids.delete(forgotten);
  }
}

/** One screen's (or the bell's) share of the connection: its rooms, its listeners, its place. */
class Part {
  /** The newest event delivered, or the head read at its first join: where a catch-up starts. */
  lastId: string | undefined;
  /**
   * Where the part began when it gave no `afterId`: what another part asked the server to replay
   * is older news to this one.
   */
  startId: string | undefined;
  /** Whether the head has been read for it (once, at its first join). */
  headed = false;
  closed = false;
  private readonly seen = new RecentIds();

  constructor(
    readonly rooms: string[],
    private readonly options: InstanceSubscriptionOptions,
    startId: string | undefined,
  ) {
    this.lastId = options.afterId;
    this.startId = options.afterId === undefined ? startId : undefined;
  }

  get afterId(): string | undefined {
    return this.options.afterId;
  }

  /** Each event id once, none at or before the part's `afterId`, no replay older than its start. */
  deliver(event: LiveEvent, replayed: boolean): void {
    if (this.closed || this.seen.has(event.id)) return;
    const floor = this.options.afterId ?? (replayed ? this.startId : undefined);
    if (floor !== undefined && compareIds(event.id, floor) <= 0) return;
    this.seen.add(event.id);
    if (this.lastId === undefined || compareIds(event.id, this.lastId) > 0) this.lastId = event.id;
    this.options.onEvent(event);
  }

  status(status: LiveStatus, detail?: string): void {
    if (!this.closed) this.options.onStatus(status, detail);
  }
}

/** How long a `subscribe` may go unacknowledged before it is sent again. */
export const ACK_TIMEOUT_MS = 10_000;

/** A room being joined, or joined, on the current connection. */
interface RoomJoin {
  /** True once joined; false when the server refused it, or it was let go of unanswered. */
  done: Promise<boolean>;
  acknowledged: boolean;
  /** A second `subscribe` of a room joined already, for a part's replay: not in `joins`. */
  replay: boolean;
  settle(joined: boolean): void;
}

/**
 * The tab's one socket.io connection (namespace `/live`), shared by the bell and the screen
 * shown. Each part watches its rooms; a room is joined once however many parts want it and left
 * when the last one lets go. Every event goes to the parts watching one of its rooms (the
 * server's `roomsFor`), once per part. After a reconnect every room is joined again after the
 * oldest place its parts reached, so each part catches up with what it missed.
 */
export class LiveConnection {
  private readonly parts = new Set<Part>();
  /** The parts watching each room: the room's reference count. */
  private readonly watchers = new Map<string, Set<Part>>();
  /** The rooms joined, or being joined, on the current connection. */
  private readonly joins = new Map<string, RoomJoin>();
  private connected = false;
  /** Counts connections: an acknowledgement from a connection since dropped changes nothing. */
  private generation = 0;
  /** `subscribe`s with an `afterId` not acknowledged yet: events may be replays meanwhile. */
  private replays = 0;
  /** The newest event id heard on this connection, or read as the head. */
  private newestId: string | undefined;
  private closed = false;

  constructor(
    readonly token: string,
    private readonly socket: LiveSocket,
  ) {
    socket.on('connect', () => this.onConnect());
    socket.on('event', (event: LiveEvent) => this.route(event, this.replays > 0));
    socket.on('disconnect', (reason: string) => {
      this.dropConnection();
      for (const part of [...this.parts]) part.status('offline', reason);
    });
    socket.on('connect_error', (err: Error) => {
      for (const part of [...this.parts]) {
        part.status(socket.active ? 'offline' : 'error', err.message);
      }
    });
  }

  /** Hears the events of `rooms` until closed; `onStatus` says when none can be missed ('live'). */
  watch(rooms: string[], options: InstanceSubscriptionOptions): Subscription {
    const part = new Part([...new Set(rooms)], options, this.newestId);
    this.parts.add(part);
    for (const room of part.rooms) {
      const watchers = this.watchers.get(room) ?? new Set<Part>();
      watchers.add(part);
      this.watchers.set(room, watchers);
    }
    part.status('connecting');
    // A part that shows events up to an id asks for what came after it even in rooms already
    // joined; the others take the rooms as they are.
    if (this.connected) void this.bringLive(part, part.afterId !== undefined);
    return { close: () => this.release(part) };
  }

  /** Ends the connection (sign-out): its parts hear nothing more. */
  close(): void {
    this.closed = true;
    for (const part of this.parts) part.closed = true;
    this.parts.clear();
    this.watchers.clear();
    this.dropConnection();
    this.socket.disconnect();
  }

  private onConnect(): void {
    if (this.closed) return;
    this.connected = true;
    // Each room's place is taken before any is joined: what one room's replay brings is no
    // reason for another to ask for less.
    const places = [...this.watchers].map(([room, watchers]) => ({
      room,
      afterId: oldestPlace(watchers),
    }));
    for (const { room, afterId } of places) void this.join(room, afterId, false);
    for (const part of [...this.parts]) void this.bringLive(part, false);
  }

  private dropConnection(): void {
    this.connected = false;
    this.generation += 1;
    this.joins.clear();
    this.replays = 0;
  }

  /**
   * 'live' once every room of the part is joined. A part that has seen no event yet takes the
   * newest id now, so that a reconnect asks for what came after it rather than for nothing.
   */
  private async bringLive(part: Part, replay: boolean): Promise<void> {
    const generation = this.generation;
    const joined = await Promise.all(
      part.rooms.map((room) => this.join(room, part.lastId, replay)),
    );
    // A room the server refused said so to its parts: not live.
    if (!joined.every(Boolean)) return;
    if (part.afterId === undefined && !part.headed) {
      const head = (await this.socket.emitWithAck('head').catch(() => undefined)) as
        { lastEventId?: string } | undefined;
      if (head?.lastEventId) {
        part.headed = true;
        part.startId = head.lastEventId;
        if (part.lastId === undefined) part.lastId = head.lastEventId;
        this.noteId(head.lastEventId);
      }
    }
    if (generation === this.generation) part.status('live');
  }

  /**
   * Joins `room` on the current connection, once unless a part asks for a replay; settles true
   * once joined, false when the server refused it. The server pushes what was missed after
   * `afterId` as `event` messages before it acknowledges; missed events in the acknowledgement
   * are taken too. Duplicates are dropped by id.
   */
  private join(room: string, afterId: string | undefined, replay: boolean): Promise<boolean> {
    const joined = this.joins.get(room);
    if (joined && !replay) return joined.done;
    let settle!: (joined: boolean) => void;
    const join: RoomJoin = {
      done: new Promise<boolean>((resolve) => (settle = resolve)),
      acknowledged: false,
      replay: joined !== undefined,
      settle,
    };
    if (!joined) this.joins.set(room, join);
    this.subscribe(room, afterId, join);
    return join.done;
  }

  /**
   * Sends one `subscribe` for the join. One the server does not acknowledge in
   * `ACK_TIMEOUT_MS` (its handler failed, or hangs) is sent again, and the room left meanwhile,
   * in case the server joined it without answering; a room let go of by then is only left.
   * A late acknowledgement of an attempt given up changes nothing, but leaves a room no part
   * watches any more.
   */
  private subscribe(room: string, afterId: string | undefined, join: RoomJoin): void {
    const generation = this.generation;
    const replaying = afterId !== undefined;
    let answered = false;
    if (replaying) this.replays += 1;
    const timer = setTimeout(() => {
      if (answered || generation !== this.generation) return;
      answered = true;
      if (replaying) this.replays -= 1;
      this.socket.emit('unsubscribe', { room });
      const watchers = this.watchers.get(room);
      // Let go of, or let go of and joined anew by another part: nothing left to ask for.
      if (!watchers || (!join.replay && this.joins.get(room) !== join)) {
        join.settle(false);
        return;
      }
      for (const part of watchers) part.status('connecting', `no answer to joining ${room}`);
      this.subscribe(room, afterId, join);
    }, ACK_TIMEOUT_MS);
    this.socket.emit('subscribe', { room, afterId }, (reply: unknown) => {
      if (generation !== this.generation) return;
      if (answered) {
        if (!this.watchers.has(room)) this.socket.emit('unsubscribe', { room });
        return;
      }
      answered = true;
      clearTimeout(timer);
      if (replaying) this.replays -= 1;
      const refusal = reply as { ok?: boolean; code?: string; message?: string } | undefined;
      if (refusal?.ok === false) {
        // Not joined: the parts hear why, and a later watch or reconnect asks again.
        if (this.joins.get(room) === join) this.joins.delete(room);
        for (const part of this.watchers.get(room) ?? []) {
          part.status('error', `${refusal.code ?? 'REFUSED'}: ${refusal.message ?? room}`);
        }
        join.settle(false);
        return;
      }
      join.acknowledged = true;
      const missed = Array.isArray(reply) ? reply : (reply as { events?: unknown })?.events;
      if (Array.isArray(missed)) {
        const sorted = [...(missed as LiveEvent[])].sort((a, b) => compareIds(a.id, b.id));
        for (const event of sorted) this.deliver(event, [...(this.watchers.get(room) ?? [])], true);
      }
      // Let go of while it was being joined: leave it now that the server has joined it.
      if (!this.watchers.has(room)) this.socket.emit('unsubscribe', { room });
      join.settle(true);
    });
  }

  private release(part: Part): void {
    if (!this.parts.delete(part)) return;
    part.closed = true;
    for (const room of part.rooms) {
      const watchers = this.watchers.get(room);
      watchers?.delete(part);
      if (watchers?.size !== 0) continue;
      this.watchers.delete(room);
      // A join still under way leaves the room once acknowledged, or given up unanswered.
      if (this.joins.get(room)?.acknowledged) this.socket.emit('unsubscribe', { room });
      this.joins.delete(room);
    }
  }

  private route(event: LiveEvent, replayed: boolean): void {
    const rooms = roomsFor(event);
    this.deliver(
      event,
      [...this.parts].filter((part) => part.rooms.some((room) => rooms.includes(room))),
      replayed,
    );
  }

  private deliver(event: LiveEvent, parts: Part[], replayed: boolean): void {
    this.noteId(event.id);
    for (const part of parts) part.deliver(event, replayed);
  }

  private noteId(id: string): void {
    if (this.newestId === undefined || compareIds(id, this.newestId) > 0) this.newestId = id;
  }
}

/** Where a room's catch-up starts: the oldest place among its parts that have one. */
function oldestPlace(parts: Iterable<Part>): string | undefined {
  let oldest: string | undefined;
  for (const part of parts) {
    if (part.lastId !== undefined && (oldest === undefined || compareIds(part.lastId, oldest) < 0))
      oldest = part.lastId;
  }
  return oldest;
}

let tabConnection: LiveConnection | undefined;

/**
 * The tab's connection for `token`: opened after sign-in (by the shell, or by the first part
 * that watches), replaced when another user signs in.
 */
export function openLiveConnection(token: string): LiveConnection {
  if (tabConnection?.token !== token) {
    tabConnection?.close();
    tabConnection = new LiveConnection(token, io('/live', { auth: { token } }));
  }
  return tabConnection;
}

/** Closes the tab's connection at sign-out. */
export function closeLiveConnection(): void {
  tabConnection?.close();
  tabConnection = undefined;
}

/**
 * Follows one instance's events. Every (re)connection subscribes again after the newest event
 * seen, so nothing is missed; each event id is delivered once.
 */
export function subscribeToInstance(
  instanceId: string,
  options: InstanceSubscriptionOptions,
): Subscription {
  return subscribeToRooms([`instance:${instanceId}`], options);
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
 * Follows the events of several rooms on the tab's connection (a task list hears the user's
 * room and their roles' and teams' rooms). An event that reaches two rooms is delivered once;
 * after a reconnect each room is asked for what came after the newest event seen (or the newest
 * id at the first join), so the screen catches up without a reload. Close it when the screen
 * goes away: its listeners go, and so do the rooms no other part watches.
 */
export function subscribeToRooms(
  rooms: string[],
  options: InstanceSubscriptionOptions,
): Subscription {
  return openLiveConnection(options.token).watch(rooms, options);
}
