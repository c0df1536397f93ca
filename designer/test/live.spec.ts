/**
 * The designer's live subscription against a fake socket.io connection: after a reconnect each
 * room is asked for what came after the newest event seen, or after the head read at the first
 * join when none was seen, and nothing is delivered twice.
 */
import {
  ACK_TIMEOUT_MS,
  closeLiveConnection,
  RECENT_IDS_KEPT,
  RecentIds,
  subscribeToRooms,
  taskListRooms,
} from '../src/live';
import type { LiveEvent } from '../src/types';

type Handler = (...args: unknown[]) => void;

class FakeSocket {
  readonly handlers = new Map<string, Handler>();
  readonly subscribes: { room: string; afterId?: string }[] = [];
  active = true;
  /** What each `subscribe` acknowledges with, by room, for the next connection. */
  replies = new Map<string, LiveEvent[]>();
  head = '0';

  on(name: string, handler: Handler) {
    this.handlers.set(name, handler);
  }

  readonly unsubscribes: string[] = [];
  /** How many of the next `subscribe`s the server leaves unanswered (its handler failed). */
  unanswered = 0;
  /** Acknowledgements held back, to answer late. */
  readonly held: (() => void)[] = [];
  /** Rooms the server refuses to let this user watch. */
  readonly forbidden = new Set<string>();

  emit(name: string, body: { room: string; afterId?: string }, ack?: (reply: unknown) => void) {
    if (name === 'unsubscribe') {
      this.unsubscribes.push(body.room);
      return;
    }
    if (name !== 'subscribe' || !ack) throw new Error(`unexpected ${name}`);
    this.subscribes.push(body);
    const answer = () =>
      ack(
        this.forbidden.has(body.room)
          ? { ok: false, code: 'FORBIDDEN', message: `You may not watch "${body.room}"` }
          : { ok: true, room: body.room, events: this.replies.get(body.room) ?? [] },
      );
    if (this.unanswered > 0) {
      this.unanswered -= 1;
      this.held.push(answer);
    } else answer();
  }

  async emitWithAck(name: string) {
    if (name !== 'head') throw new Error(`unexpected ${name}`);
    return { lastEventId: this.head };
  }

  disconnect() {
    this.active = false;
  }

  fire(name: string, ...args: unknown[]) {
    this.handlers.get(name)?.(...args);
  }
}

let socket: FakeSocket;
jest.mock('socket.io-client', () => ({ io: () => socket }));

/** A completed task of user `u` for the role `manager`: its rooms are theirs. */
const event = (id: string): LiveEvent =>
  ({
    id,
    type: 'task.completed',
    payload: { taskId: 't', assigneeId: 'u', candidateRole: 'manager' },
    instanceId: null,
  }) as unknown as LiveEvent;

/** Lets the subscription's acknowledgements and its `head` call settle. */
const settled = () => new Promise((resolve) => setImmediate(resolve));

function follow(rooms: string[], afterId?: string) {
  const delivered: string[] = [];
  const statuses: string[] = [];
  const subscription = subscribeToRooms(rooms, {
    token: 't',
    afterId,
    onEvent: (received) => delivered.push(received.id),
    onStatus: (status) => statuses.push(status),
  });
  return { delivered, statuses, subscription };
}

beforeEach(() => {
  socket = new FakeSocket();
});

// The tab's connection outlives its subscriptions: each test signs out.
afterEach(() => {
  closeLiveConnection();
  jest.useRealTimers();
});

/** Timers under the test's control; `settled` still lets promises and acknowledgements run. */
const fakeTimers = () => jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick'] });

it('asks for what came after the newest event seen when it reconnects', async () => {
  const { delivered, statuses } = follow(['tasks:user:u', 'tasks:role:manager']);
  socket.head = '40';
  socket.fire('connect');
  await settled();
  expect(statuses).toEqual(['connecting', 'live']);
  expect(socket.subscribes).toEqual([
    { room: 'tasks:user:u', afterId: undefined },
    { room: 'tasks:role:manager', afterId: undefined },
  ]);
  socket.fire('event', event('41'));

  socket.fire('disconnect', 'transport close');
  // What happened while offline comes with the acknowledgements, in both rooms.
  socket.replies.set('tasks:user:u', [event('43'), event('42')]);
  socket.replies.set('tasks:role:manager', [event('42'), event('41')]);
  socket.fire('connect');
  await settled();
  expect(socket.subscribes.slice(2)).toEqual([
    { room: 'tasks:user:u', afterId: '41' },
    { room: 'tasks:role:manager', afterId: '41' },
  ]);
  expect(delivered).toEqual(['41', '42', '43']);
  expect(statuses).toEqual(['connecting', 'live', 'offline', 'live']);
});

it('asks for what came after the head of its first join when it saw nothing', async () => {
  const { delivered } = follow(['client:c']);
  socket.head = '70';
  socket.fire('connect');
  await settled();
  socket.fire('disconnect', 'transport close');
  socket.replies.set('client:c', [event('71')]);
  socket.fire('connect');
  await settled();
  expect(socket.subscribes.map((body) => body.afterId)).toEqual([undefined, '70']);
  expect(delivered).toEqual(['71']);
});

it('starts after the id the screen already shows', async () => {
  const { delivered } = follow(['instance:i'], '10');
  socket.replies.set('instance:i', [event('9'), event('10'), event('11')]);
  socket.fire('connect');
  await settled();
  expect(socket.subscribes).toEqual([{ room: 'instance:i', afterId: '10' }]);
  expect(delivered).toEqual(['11']);
});

it("lists a signed-in user's own, roles' and teams' task-list rooms", () => {
  const user = {
    id: 'u1',
    email: 'mia@example.com',
    name: 'Mia',
    roles: ['manager' as const, 'supervisor' as const],
    teamIds: ['t1', 't2'],
  };
  expect(taskListRooms(user)).toEqual([
    'tasks:user:u1',
    'tasks:role:manager',
    'tasks:role:supervisor',
    'tasks:team:t1',
    'tasks:team:t2',
  ]);
});

it('asks again when a subscribe goes unanswered, and is live only once one is answered', async () => {
  fakeTimers();
  socket.unanswered = 1;
  const { delivered, statuses } = follow(['client:c']);
  socket.fire('connect');
  await settled();
  expect(statuses).toEqual(['connecting']);

  socket.replies.set('client:c', [event('5')]);
  jest.advanceTimersByTime(ACK_TIMEOUT_MS);
  await settled();
  // The server may have joined without answering: left, then asked again, and answered.
  expect(socket.unsubscribes).toEqual(['client:c']);
  expect(socket.subscribes.map((body) => body.room)).toEqual(['client:c', 'client:c']);
  expect(statuses).toEqual(['connecting', 'connecting', 'live']);
  expect(delivered).toEqual(['5']);

  // The first attempt's answer, late, changes nothing: the room is watched.
  socket.held.forEach((answer) => answer());
  await settled();
  expect(socket.unsubscribes).toEqual(['client:c']);
  expect(delivered).toEqual(['5']);
});

it('leaves a room let go of while its subscribe went unanswered', async () => {
  fakeTimers();
  socket.unanswered = 1;
  const { statuses, subscription } = follow(['client:c']);
  socket.fire('connect');
  await settled();
  subscription.close();
  jest.advanceTimersByTime(ACK_TIMEOUT_MS);
  await settled();
  expect(socket.unsubscribes).toEqual(['client:c']);
  expect(socket.subscribes).toHaveLength(1);
  expect(statuses).toEqual(['connecting']);

  // A later screen on the room joins it again rather than wait for the answer given up.
  const later = follow(['client:c']);
  await settled();
  expect(socket.subscribes).toHaveLength(2);
  expect(later.statuses).toEqual(['connecting', 'live']);
});

it('is not live in a room the server refused, and asks again on the next watch', async () => {
  socket.forbidden.add('instance:i');
  const { statuses } = follow(['client:c', 'instance:i']);
  socket.fire('connect');
  await settled();
  expect(statuses[0]).toBe('connecting');
  expect(statuses.at(-1)).toBe('error');
  expect(statuses).not.toContain('live');

  socket.forbidden.clear();
  const asked = socket.subscribes.length;
  const again = follow(['instance:i']);
  await settled();
  expect(socket.subscribes.slice(asked)).toEqual([{ room: 'instance:i', afterId: undefined }]);
  expect(again.statuses).toEqual(['connecting', 'live']);
});

it('keeps a bounded set of the ids it delivered, and still drops recent duplicates', async () => {
  const { delivered } = follow(['tasks:user:u']);
  socket.fire('connect');
  await settled();
  const count = 3 * RECENT_IDS_KEPT;
  for (let id = 1; id <= count; id += 1) socket.fire('event', event(String(id)));
  socket.fire('event', event(String(count)));
  expect(delivered).toHaveLength(count);

  const ids = new RecentIds();
  for (let id = 1; id <= count; id += 1) ids.add(String(id));
  expect(ids.size).toBeLessThanOrEqual(2 * RECENT_IDS_KEPT);
  expect(ids.has(String(count))).toBe(true);
  expect(ids.has('1')).toBe(false);
});
