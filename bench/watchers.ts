/**
 * `--watchers N`: N socket.io clients signed in as the supervisor, spread over the API
 * processes, each watching the managers' group task list (`tasks:role:manager`), which every
 * bench instance's user task reaches. They only listen; each `task.created` they hear is timed
 * from the event's `createdAt` (its transaction's time in Postgres, on this machine's clock) to
 * its arrival, so the figure includes the rest of that transaction, the relay and the fan-out.
 */
import type { Socket } from 'socket.io-client';
import type { LiveEvent } from '#server/live/live-event';
import { openSocket, signIn } from './flowcard-load';

const ROOM = 'tasks:role:manager';
/** Connections opened at once: more at a time only queues in the API's accept loop. */
const CONNECT_BATCH = 50;

export interface WatcherFigures {
  watchers: number;
  /** Delivery delay of each event each watcher heard while the figures were being kept. */
  delaysMs: number[];
}

export class Watchers {
  private recording = false;
  private readonly delaysMs: number[] = [];

  private constructor(private readonly sockets: Socket[]) {
    for (const socket of sockets) socket.on('event', (event: LiveEvent) => this.heard(event));
  }

  static async connect(baseUrls: string[], count: number): Promise<Watchers> {
    const token = await signIn(baseUrls[0], 'supervisor@demo.local');
    const sockets: Socket[] = [];
    for (let first = 0; first < count; first += CONNECT_BATCH) {
      const batch = Array.from({ length: Math.min(CONNECT_BATCH, count - first) }, (_, offset) =>
        watch(baseUrls[(first + offset) % baseUrls.length], token),
      );
      sockets.push(...(await Promise.all(batch)));
    }
    return new Watchers(sockets);
  }

  private heard(event: LiveEvent) {
    if (!this.recording || event.type !== 'task.created') return;
    this.delaysMs.push(Date.now() - Date.parse(event.createdAt));
  }

  get count(): number {
    return this.sockets.length;
  }

  /** Keeps figures from now on (after the warm-up, or for the next phase). */
  record() {
    this.delaysMs.length = 0;
    this.recording = true;
  }

  /** What was heard since `record`; stops keeping figures. */
  figures(): WatcherFigures {
    this.recording = false;
    return { watchers: this.count, delaysMs: [...this.delaysMs] };
  }

  close() {
    for (const socket of this.sockets) socket.disconnect();
  }
}

async function watch(baseUrl: string, token: string): Promise<Socket> {
  const socket = await openSocket(baseUrl, token);
  const answer = await socket.emitWithAck('subscribe', { room: ROOM });
  if (!answer?.ok) throw new Error(`a watcher may not watch ${ROOM}: ${JSON.stringify(answer)}`);
  return socket;
}
