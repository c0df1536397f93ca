/**
 * A socket.io client as a screen uses it: it watches one room per client card and, after every
 * reconnection (the API was killed), subscribes again asking for what it missed after the last
 * event it is sure to have. What it receives is compared with the outbox at the end.
 */
import { io, Socket } from 'socket.io-client';
import type { LiveEvent } from '#server/live/live-event';
import { pause } from './rest';

const ACK_TIMEOUT_MS = 5_000;

interface WatchedRoom {
  /** Highest event id received in the room. */
  highest: bigint;
  /**
   * Every event up to here has been received: a replay is emitted before its acknowledgement,
   * and later events come in id order. Asked for `afterId` on the next subscription.
   */
  complete: bigint;
  subscribed: boolean;
}

export class LiveWatcher {
  private readonly rooms = new Map<string, WatchedRoom>();
  /** Event ids received per instance (a replay may send one twice). */
  readonly received = new Map<string, Set<string>>();
  private closed = false;
  reconnections = 0;

  private constructor(private readonly socket: Socket) {
    socket.on('event', (event: LiveEvent) => this.record(event));
    socket.on('disconnect', () => {
      for (const room of this.rooms.values()) room.subscribed = false;
    });
    // A handshake the restarting API refused (its database not back yet) ends socket.io's own
    // reconnection: a screen tries again, and so does this client.
    socket.on('connect_error', () => {
      if (!socket.active && !this.closed) setTimeout(() => socket.connect(), 500);
    });
    // `connect` comes again after every reconnection, once the namespace accepted the token.
    socket.on('connect', () => {
      this.reconnections += 1;
      for (const name of this.rooms.keys()) void this.subscribe(name);
    });
  }

  static async connect(baseUrl: string, token: string): Promise<LiveWatcher> {
    const socket = io(`${baseUrl}/live`, {
      auth: { token },
      transports: ['websocket'],
      reconnectionDelay: 200,
      reconnectionDelayMax: 1_000,
    });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    return new LiveWatcher(socket);
  }

  /** Watches a room from its first event on (the client card of a new client). */
  async watch(name: string): Promise<void> {
    this.rooms.set(name, { highest: 0n, complete: 0n, subscribed: false });
    await this.subscribe(name);
  }

  /** Subscribes until acknowledged, unless a reconnection takes over. */
  private async subscribe(name: string): Promise<void> {
    for (;;) {
      const room = this.rooms.get(name);
      if (!room || room.subscribed || this.closed) return;
      if (!this.socket.connected) return; // the reconnection subscribes again
      const afterId = room.complete.toString();
      const ack = await this.socket
        .timeout(ACK_TIMEOUT_MS)
        .emitWithAck('subscribe', { room: name, afterId })
        .catch(() => null);
      if (ack?.ok && this.socket.connected) {
        room.complete = room.highest;
        room.subscribed = true;
        return;
      }
      await pause(500);
    }
  }

  private record(event: LiveEvent) {
    const room = event.clientId ? this.rooms.get(`client:${event.clientId}`) : undefined;
    if (room) {
      const id = BigInt(event.id);
      if (id > room.highest) room.highest = id;
      if (room.subscribed) room.complete = room.highest;
    }
    if (!event.instanceId) return;
    const ids = this.received.get(event.instanceId) ?? new Set<string>();
    ids.add(event.id);
    this.received.set(event.instanceId, ids);
  }

  close() {
    this.closed = true;
    this.socket.disconnect();
  }
}
