/**
 * The designer's live subscription against a fake socket.io connection: after a reconnect each
 * room is asked for what came after the newest event seen, or after the head read at the first
 * join when none was seen, and nothing is delivered twice.
 */
import { closeLiveConnection, subscribeToRooms, taskListRooms } from '../src/live';
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

  emit(name: string, body: { room: string; afterId?: string }, ack: (reply: unknown) => void) {
    if (name !== 'subscribe') throw new Error(`unexpected ${name}`);
    this.subscribes.push(body);
    ack({ ok: true, room: body.room, events: this.replies.get(body.room) ?? [] });
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
afterEach(() => closeLiveConnection());

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
