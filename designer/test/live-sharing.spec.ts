/**
 * The tab's one live connection shared by the bell and the screens, against a fake socket.io
 * socket: rooms joined once and left with their last watcher, events routed by their rooms to
 * each part once, listeners gone with their part, and after a reconnect each part catching up
 * from its own place, never with what another part asked the server to replay.
 */
import { LiveConnection, type LiveSocket } from '../src/live';
import type { LiveEvent } from '../src/types';

type Handler = (...args: never[]) => void;
type Ack = (reply: unknown) => void;

class FakeSocket implements LiveSocket {
  active = true;
  disconnected = false;
  readonly sent: { name: string; room: string; afterId?: string }[] = [];
  /** Acknowledgements not given yet, in order; `autoAck` gives them at once. */
  readonly acks: Ack[] = [];
  autoAck = true;
  head = '0';
  private readonly handlers = new Map<string, Handler>();

  on(name: string, handler: Handler) {
    this.handlers.set(name, handler);
  }

  emit(name: string, body: { room: string; afterId?: string }, ack?: Ack) {
    this.sent.push({ name, ...body });
    if (!ack) return;
    if (this.autoAck) ack({ ok: true, room: body.room });
    else this.acks.push(ack);
  }

  async emitWithAck(name: string) {
    if (name !== 'head') throw new Error(`unexpected ${name}`);
    return { lastEventId: this.head };
  }

  disconnect() {
    this.disconnected = true;
  }

  fire(name: string, ...args: unknown[]) {
    (this.handlers.get(name) as ((...args: unknown[]) => void) | undefined)?.(...args);
  }

  /** What was sent under `name`, as `room` or `room@afterId`. */
  messages(name: 'subscribe' | 'unsubscribe') {
    return this.sent
      .filter((message) => message.name === name)
      .map(({ room, afterId }) => (afterId === undefined ? room : `${room}@${afterId}`));
  }
}

const USER = 'u1';
const CLIENT = 'c1';
const INSTANCE = 'i1';
const TASK_ROOMS = [`tasks:user:${USER}`, 'tasks:role:manager'];

/** A task of the user at a client, in a running instance: it reaches five rooms. */
const taskCreated = (id: string): LiveEvent =>
  ({
    id,
    type: 'task.created',
    payload: { taskId: `t${id}`, name: 'Call back', assigneeId: USER, candidateRole: 'manager' },
    instanceId: INSTANCE,
    definitionId: null,
    clientId: CLIENT,
    elementId: 'call',
    createdAt: new Date(0).toISOString(),
  }) as unknown as LiveEvent;

/** A change on the client's card made by a person: it reaches the card only. */
const clientUpdated = (id: string): LiveEvent =>
  ({
    id,
    type: 'client.updated',
    payload: { clientId: CLIENT, fields: ['name'] },
    instanceId: null,
    definitionId: null,
    clientId: CLIENT,
    elementId: null,
    createdAt: new Date(0).toISOString(),
  }) as unknown as LiveEvent;

/** Lets acknowledgements and `head` answers settle. */
const settled = () => new Promise((resolve) => setImmediate(resolve));

let socket: FakeSocket;
let connection: LiveConnection;

function watch(rooms: string[], afterId?: string) {
  const heard: string[] = [];
  const statuses: string[] = [];
  const subscription = connection.watch(rooms, {
    token: 't',
    afterId,
    onEvent: (event) => heard.push(event.id),
    onStatus: (status) => statuses.push(status),
  });
  return { heard, statuses, close: () => subscription.close() };
}

beforeEach(() => {
  socket = new FakeSocket();
  connection = new LiveConnection('t', socket);
});

it('joins a room wanted by the bell and the task list once, and leaves it with the last one', async () => {
  const bell = watch(TASK_ROOMS);
  socket.head = '10';
  socket.fire('connect');
  await settled();
  const tasks = watch(TASK_ROOMS);
  await settled();
  expect(socket.messages('subscribe')).toEqual(TASK_ROOMS);
  expect(tasks.statuses).toEqual(['connecting', 'live']);

  socket.fire('event', taskCreated('11'));
  expect(bell.heard).toEqual(['11']);
  expect(tasks.heard).toEqual(['11']);

  tasks.close();
  expect(socket.messages('unsubscribe')).toEqual([]);
  socket.fire('event', taskCreated('12'));
  expect(bell.heard).toEqual(['11', '12']);
  expect(tasks.heard).toEqual(['11']);

  bell.close();
  expect(socket.messages('unsubscribe')).toEqual(TASK_ROOMS);
});

it('routes an event to the parts whose rooms it reaches, and forgets a screen that went away', async () => {
  const bell = watch(TASK_ROOMS);
  socket.fire('connect');
  await settled();
  // Task list → client card → monitoring → task list, and the card once more.
  const visits: { heard: string[]; close(): void }[] = [];
  for (const rooms of [TASK_ROOMS, [`client:${CLIENT}`], ['definition:d1'], TASK_ROOMS]) {
    visits.at(-1)?.close();
    visits.push(watch(rooms));
    await settled();
  }
  const card = watch([`client:${CLIENT}`]);
  await settled();
  socket.fire('event', taskCreated('21'));
  socket.fire('event', clientUpdated('22'));

  expect(bell.heard).toEqual(['21']);
  expect(visits[3].heard).toEqual(['21']);
  expect(card.heard).toEqual(['21', '22']);
  // The screens left hear nothing more, and their rooms were left when no one else watched them.
  expect(visits.slice(0, 3).map((visit) => visit.heard)).toEqual([[], [], []]);
  expect(socket.messages('subscribe')).toEqual([
    ...TASK_ROOMS,
    `client:${CLIENT}`,
    'definition:d1',
    `client:${CLIENT}`,
  ]);
  expect(socket.messages('unsubscribe')).toEqual([`client:${CLIENT}`, 'definition:d1']);
});

it('catches each part up after a reconnect from its own place', async () => {
  const bell = watch(TASK_ROOMS);
  socket.head = '40';
  socket.fire('connect');
  await settled();
  socket.fire('event', taskCreated('50'));
  // The task list opens later, at head 60, and has heard nothing since.
  socket.head = '60';
  const tasks = watch(TASK_ROOMS);
  await settled();

  socket.fire('disconnect', 'transport close');
  expect([bell.statuses.at(-1), tasks.statuses.at(-1)]).toEqual(['offline', 'offline']);
  socket.autoAck = false;
  socket.fire('connect');
  // Each room once, after the oldest place among its parts (the bell's 50).
  expect(socket.messages('subscribe').slice(2)).toEqual(TASK_ROOMS.map((room) => `${room}@50`));
  // The server replays what the rooms had after 50 before it acknowledges.
  for (const id of ['55', '61']) socket.fire('event', taskCreated(id));
  for (const ack of socket.acks.splice(0)) ack({ ok: true });
  await settled();

  expect(bell.heard).toEqual(['50', '55', '61']);
  // 55 came before the task list opened: it read that from its lists.
  expect(tasks.heard).toEqual(['61']);
  expect([bell.statuses.at(-1), tasks.statuses.at(-1)]).toEqual(['live', 'live']);

  // Asked again later, each room starts after 61, the newest both have.
  socket.autoAck = true;
  socket.fire('disconnect', 'transport close');
  socket.fire('connect');
  expect(socket.messages('subscribe').slice(4)).toEqual(TASK_ROOMS.map((room) => `${room}@61`));
});

it("keeps the replay a screen asks for from the bell's rooms away from the bell", async () => {
  const bell = watch(TASK_ROOMS);
  socket.head = '30';
  socket.fire('connect');
  await settled();

  // The instance card shows events up to 10: the server replays the instance's after it,
  // among them a task created at 20, long before the bell was there.
  socket.autoAck = false;
  const card = watch([`instance:${INSTANCE}`], '10');
  await settled();
  expect(socket.messages('subscribe').at(-1)).toBe(`instance:${INSTANCE}@10`);
  socket.fire('event', taskCreated('20'));
  socket.acks.splice(0).forEach((ack) => ack({ ok: true }));
  socket.fire('event', taskCreated('31'));

  expect(card.heard).toEqual(['20', '31']);
  expect(bell.heard).toEqual(['31']);
});

it('asks for a replay in a room already joined when a part shows events up to an id', async () => {
  const map = watch([`instance:${INSTANCE}`]);
  socket.fire('connect');
  await settled();
  const card = watch([`instance:${INSTANCE}`], '5');
  await settled();
  expect(socket.messages('subscribe')).toEqual([`instance:${INSTANCE}`, `instance:${INSTANCE}@5`]);
  socket.fire('event', taskCreated('4'));
  socket.fire('event', taskCreated('6'));
  expect(card.heard).toEqual(['6']);
  expect(map.statuses).toEqual(['connecting', 'live']);
});

it('leaves a room let go of while it was being joined, once the server has joined it', async () => {
  socket.fire('connect');
  socket.autoAck = false;
  const card = watch([`client:${CLIENT}`]);
  card.close();
  expect(socket.sent.map(({ name }) => name)).toEqual(['subscribe']);
  socket.acks.splice(0).forEach((ack) => ack({ ok: true }));
  expect(socket.sent.map(({ name }) => name)).toEqual(['subscribe', 'unsubscribe']);
});

it('ends with sign-out: the socket is closed and no part hears more', async () => {
  const bell = watch(TASK_ROOMS);
  socket.fire('connect');
  await settled();
  connection.close();
  socket.fire('event', taskCreated('90'));
  socket.fire('disconnect', 'io client disconnect');
  expect(socket.disconnected).toBe(true);
  expect(bell.heard).toEqual([]);
  expect(bell.statuses).toEqual(['connecting', 'live']);
});
